"""The search bar: a query input that searches as you type (one search at a time, stale results dropped), a history, a status line."""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from index.model import Page
from tui.counts import plural
from tui.safe import one_line

DEBOUNCE = 0.1  # seconds of quiet typing before a search starts (one runs at a time, so a short wait is safe)
SEARCH_PAGE = 50  # matching threads listed at once
STATUS_SHARE = 0.6  # of the bar's width the status may take beside the query (app.tcss: #search-status max-width)


class SearchInput(Input):
    """The query field: up/down walk the history, ctrl+y takes the suggested spelling."""

    # Enter and escape are priority: leaving the bar, the focus moves as the key is read, so a key
    # typed right after (j, enter) lands in the list, not in the bar.
    BINDINGS = [
        Binding("up", "history(-1)", "Older query", id="search.history_back", show=False),
        Binding("down", "history(1)", "Newer query", id="search.history_forward", show=False),
        Binding("enter", "submit", "Open best match", id="search.open_best", priority=True),
        Binding("ctrl+y", "accept_suggestion", "Accept suggestion", id="search.accept_suggestion"),
        Binding("escape", "leave", "Leave search", id="search.leave", priority=True),
    ]

    def action_history(self, step: int) -> None:
        self.bar.walk_history(step)

    def action_accept_suggestion(self) -> None:
        self.bar.accept_suggestion()

    def action_leave(self) -> None:
        self.bar.leave()

    async def action_submit(self) -> None:
        if self.value.strip():
            await super().action_submit()
        else:
            self.bar.leave()

    @property
    def bar(self) -> SearchBar:
        return self.query_ancestor(SearchBar)


class SearchBar(Vertical):
    """'/' then a query; results come as you type, the bar shows counts, did-you-mean and notices."""

    class Found(Message):
        """Results for the query in the bar now (None: the bar was cleared); the screen lists them."""

        def __init__(self, page: Page | None) -> None:
            super().__init__()
            self.page = page

    class OpenBest(Message):
        """Enter: the reader wants the best match of these results opened."""

        def __init__(self, page: Page) -> None:
            super().__init__()
            self.page = page

    class Left(Message):
        """Escape (or enter on an empty bar): back to the thread list."""

    class Searched(Message):
        """A search worker ended: its page, or why it failed (handled by the bar itself)."""

        def __init__(self, query: str, page: Page | None, error: str | None = None) -> None:
            super().__init__()
            self.query, self.page, self.error = query, page, error

    def __init__(self, library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.history: list[str] = []
        self._history_at = 0
        self._timer: Timer | None = None
        self.suggestion: str | None = None
        self.page: Page | None = None
        self._open_when_found: str | None = None
        self._searching: str | None = None  # the query a worker is searching for now
        self._search_next: str | None = None  # the newest query typed meanwhile: searched as soon as that one ends
        self._status = (Text(end=""), Text(end=""), Text(end=""))  # (notice, counts, did-you-mean) shown now
        self._notes_shown: Text | None = None  # on the line below the query, when they do not fit beside it
        self._placed_width = 0
        self.back_to = None  # the widget that gets the focus when the reader leaves the bar (the screen's choice)

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-row"):
            yield Label("/", id="search-prompt")
            yield SearchInput(placeholder="search: words, \"phrase\", author:name, quoted:…", id="search-input")
            yield Static("", id="search-status", markup=False)
        yield Static("", id="search-notice", markup=False, classes="-hidden")

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    @property
    def value(self) -> str:
        return self.input.value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self._settled(event.value))

    def _settled(self, query: str) -> None:
        query = query.strip()
        if not query:
            self._search_next = None
            self.page = None
            self.show_page(None)
            self.post_message(self.Found(None))
            return
        self.set_status("searching…")
        self.search_for(query)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        query = event.value.strip()
        if query and (not self.history or self.history[-1] != query):
            self.history.append(query)
        self._history_at = len(self.history)
        if not query:
            self.post_message(self.Left())
        elif self.page is not None and self.page.query == query:
            self.post_message(self.OpenBest(self.page))
        else:
            self._open_when_found = query
            self.search_for(query)

    def leave(self) -> None:
        if self.back_to is not None and self.input.has_focus:
            self.screen.set_focus(self.back_to)  # now, not after a message round trip
        self.post_message(self.Left())

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
            page = self.library.search(query, pagelen=SEARCH_PAGE)
        except Exception as error:  # search promises not to raise; if it does, say so, don't crash
            self.post_message(self.Searched(query, None, f"Search failed: {one_line(str(error))}"))
            return
        self.post_message(self.Searched(query, page))

    def on_search_bar_searched(self, message: Searched) -> None:
        message.stop()
        self._searching = None
        if self._search_next is not None:
            self.search_for(self._search_next)
        if message.error:
            self.notify(message.error, severity="error", markup=False)
            return
        if message.query != self.value.strip():
            return  # typing moved on: these results are for an older query
        self.page = message.page
        self.show_page(message.page)
        self.post_message(self.Found(message.page))
        if self._open_when_found == message.query:
            self._open_when_found = None
            self.post_message(self.OpenBest(message.page))

    def walk_history(self, step: int) -> None:
        if not self.history:
            return
        for _ in range(2):  # the query still in the box is the newest in the history: one step more, or up looks dead
            self._history_at = min(max(self._history_at + step, 0), len(self.history))
            value = self.history[self._history_at] if self._history_at < len(self.history) else ""
            if value != self.input.value.strip():
                break
        self.input.value = value
        self.input.cursor_position = len(self.input.value)

    def accept_suggestion(self) -> None:
        if self.suggestion:
            self.input.value = self.suggestion
            self.input.cursor_position = len(self.suggestion)
        else:
            self.notify("No suggestion to accept.", severity="information")

    def show_page(self, page: Page | None) -> None:
        """Counts, 'did you mean', or why the query was read as plain words."""
        self.suggestion = page.suggestion if page is not None else None
        notice, counts, suggestion = Text(end=""), Text(end=""), Text(end="")
        if page is not None:
            if page.notice:
                notice.append(one_line(page.notice), style="italic")
            if page.total_posts:
                counts.append(f"{plural(page.total_posts, 'post')} in {plural(page.total_threads, 'thread')}")
                if len(page.results) < page.total_threads:
                    counts.append(f" (best {len(page.results)} listed)")
            elif page.total_threads:  # the words are in titles only
                counts.append(f"in {plural(page.total_threads, 'title')} only")
            elif page.query.strip():
                counts.append("no matches")
            if page.suggestion and page.showing is None:
                suggestion.append(f"did you mean “{one_line(page.suggestion)}”? ctrl+y")
        self._status = (notice, counts, suggestion)
        self._place_status()

    def _place_status(self) -> None:
        """All on the query's line when it fits; else the notice and did-you-mean wrap on a line of
        their own below it, so they are read whole on a narrow terminal rather than cut off."""
        notice, counts, suggestion = self._status
        whole = Text("  ", end="").join(part for part in (notice, counts, suggestion) if part)
        room = int((self.size.width or self.app.size.width) * STATUS_SHARE) - 2  # less the status's padding
        if not (notice or suggestion) or whole.cell_len <= room:
            self._show(whole, None)
        else:
            self._show(counts, Text("  ", end="").join(part for part in (notice, suggestion) if part))

    def set_status(self, status: Text | str) -> None:
        """A passing word on the query's line ("searching…"); the notes below stay until the results come."""
        self._show(status if isinstance(status, Text) else Text(status), self._notes_shown)

    def _show(self, status: Text, notes: Text | None) -> None:
        self.query_one("#search-status", Static).update(status)
        notice = self.query_one("#search-notice", Static)
        if notes != self._notes_shown:
            self._notes_shown = notes
            notice.update(notes or "")
            notice.set_class(notes is None, "-hidden")
        self.set_class(bool(self.suggestion), "-suggestion")

    def on_resize(self, event: events.Resize) -> None:
        # What fits beside the query depends on the width.
        if event.size.width != self._placed_width:
            self._placed_width = event.size.width
            self._place_status()
