"""Searching from the main screen: one search in flight at a time, the latest query next, stale results dropped."""

from __future__ import annotations

from textual import work

from index.model import Page
from tui.hits import hit_pattern
from tui.safe import one_line
from tui.screens import messages as msg
from tui.widgets.search_bar import SearchBar, plural
from tui.widgets.thread_list import Row

SEARCH_PAGE = 50  # matching threads listed at once


class SearchActions:
    """The search half of the main screen (mixed into MainScreen); handlers are named, not @on."""

    page: Page | None = None
    _open_when_found: str | None = None
    _searching: str | None = None  # the query a worker is searching for now
    _search_next: str | None = None  # the newest query typed meanwhile: searched as soon as that one ends

    def action_search(self) -> None:
        # At once, not via focus(): keys typed right after "/" must land in the bar.
        self.set_focus(self.bar.input)

    def on_search_bar_query_changed(self, message: SearchBar.QueryChanged) -> None:
        if not message.query.strip():
            self._search_next = None
            self.show_results(None)
            return
        self.bar.set_status("searching…")
        self.search_for(message.query.strip())

    def search_for(self, query: str) -> None:
        """Search now, or right after the search in flight (a thread cannot be stopped midway;
        starting another beside it would only make both slower)."""
        if self._searching is not None:
            self._search_next = query
            return
        self._searching, self._search_next = query, None
        self.run_search(query)

    @work(thread=True, group="search")
    def run_search(self, query: str) -> None:
        try:
            page = self.app.library.search(query, pagelen=SEARCH_PAGE)
        except Exception as error:  # search promises not to raise; if it does, say so, don't crash
            self.post_message(msg.SearchFinished(query, None, f"Search failed: {one_line(str(error))}"))
            return
        self.post_message(msg.SearchFinished(query, page))

    def on_search_finished(self, message: msg.SearchFinished) -> None:
        self._searching = None
        if self._search_next is not None:
            self.search_for(self._search_next)
        if message.error:
            self.notify(message.error, severity="error", markup=False)
            return
        if message.query != self.bar.value.strip():
            return  # typing moved on: these results are for an older query
        self.show_results(message.page)
        if self._open_when_found == message.query:
            self._open_when_found = None
            self.open_best()

    def show_results(self, page: Page | None) -> None:
        self.page = page
        self.bar.show_page(page)
        if page is None:
            self.threads.set_results(None)
            self.posts.set_hits(None)
            self.update_counts()
            return
        by_id = self.threads.by_id
        rows = [
            Row(result.thread, by_id[result.thread.id].unread if result.thread.id in by_id else 0,
                matches=len(result.hits), best=result.best)
            for result in page.results
        ]
        self.threads.set_results(rows)
        self.threads.border_title = f"Matches · {plural(page.total_threads, 'thread')}"

    def on_search_bar_submitted(self, message: SearchBar.Submitted) -> None:
        if not message.query:
            self.threads.focus()
        elif self.page is not None and self.page.query == message.query:
            self.open_best()
        else:
            self._open_when_found = message.query
            self.search_for(message.query)

    def open_best(self) -> None:
        if self.page is None or not self.page.results:
            self.notify("Nothing matched.", severity="warning")
            return
        best = self.page.results[0]
        self.threads.cursor = 0
        self.open_thread(best.thread.id, best.best.post_index, hit_pattern(self.page, self.bar.value))

    def on_search_bar_left(self) -> None:
        self.threads.focus()
