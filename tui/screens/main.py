"""The main screen: search bar on top, thread list and post view side by side, a status line."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar, Static

from index.model import Page
from tui.collector import freeze_long_lived
from tui.hits import hit_pattern
from tui.safe import one_line
from tui.screens import messages as msg
from tui.screens.reading import ReadingActions
from tui.screens.searching import SearchActions
from tui.widgets.post_view import PostView
from tui.widgets.search_bar import SearchBar, plural
from tui.widgets.thread_list import Prepared, ThreadList, prepare


class FilterInput(Input):
    """Filter-as-you-type box above the thread list."""

    BINDINGS = [Binding("escape", "close", "Close filter", id="filter.close")]

    def action_close(self) -> None:
        self.value = ""
        self.screen.close_filter()


class MainScreen(SearchActions, ReadingActions, Screen):
    """Threads on the left, the open thread on the right; search results replace the list."""

    BINDINGS = [
        # Priority, so keys typed in the same burst as "/" or "f" already land in the box it opens.
        Binding("slash", "search", "Search", id="reader.search", priority=True),
        Binding("o", "sort", "Sort", id="reader.sort"),
        Binding("f", "filter", "Filter", id="reader.filter", priority=True),
        *ReadingActions.READING_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page: Page | None = None
        self._pending_reads, self._pending_positions = {}, {}

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield FilterInput(placeholder="filter titles…", id="filter", classes="-hidden")
                yield ThreadList(id="threads")
            yield PostView(id="posts")
        with Horizontal(id="status-bar"):
            yield Static("", id="status", markup=False)
            yield ProgressBar(id="import-progress", show_eta=False, classes="-hidden")
        yield Footer()

    @property
    def threads(self) -> ThreadList:
        return self.query_one(ThreadList)

    @property
    def bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def on_mount(self) -> None:
        self.threads.border_title = "Threads"
        self.posts.border_title = "Posts"
        self.threads.focus()
        if self.app.library.is_empty() and self.app.import_first is None:
            self.start_import(None)
        elif self.app.import_first:
            self.start_import(self.app.import_first)
        else:
            # The summaries are in memory once the library is open: show them in the very first
            # frame rather than a "loading" one (a worker's round trip costs ~100 ms at startup).
            self.show_threads(self._prepared())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search", "filter") and isinstance(self.focused, Input):
            return False  # typing "/" or "f" in a box is text, not a command
        return True

    def on_unmount(self) -> None:
        self.flush_state()

    def on_descendant_focus(self, event) -> None:
        # On narrow terminals the post view takes the whole width while it has the focus.
        self.set_class(isinstance(event.widget, PostView), "-reading")

    def set_status(self, text: str) -> None:
        status = self.query_one("#status", Static)
        if str(status.content) != text:
            # One line of fixed width: a new text never changes the layout, so skip the reflow.
            status.update(text, layout=False)

    # -- library work --------------------------------------------------------------------

    def start_import(self, paths: list[str] | None) -> None:
        self.threads.empty_message = "Importing transcripts…"
        self.query_one("#import-progress").remove_class("-hidden")
        self.set_status("Importing transcripts…")
        self.import_transcripts(paths)

    @work(thread=True, exclusive=True, group="import")
    def import_transcripts(self, paths: list[str] | None) -> None:
        library = self.app.library
        report_progress = lambda progress: self.post_message(msg.ImportProgressed(progress))  # noqa: E731
        try:
            if paths:
                report = library.import_paths(paths, progress=report_progress)
            else:
                report = library.import_bundled(progress=report_progress)
        except Exception as error:  # the reader must still open on whatever was imported
            self.post_message(msg.ImportFinished(None, f"Import failed: {one_line(str(error))}"))
            return
        self.post_message(msg.ImportFinished(report))

    def on_import_progressed(self, message: msg.ImportProgressed) -> None:
        progress = message.progress
        self.query_one(ProgressBar).update(total=max(progress.files_total, 1), progress=progress.files_done)
        self.set_status(f"Importing {progress.files_done}/{progress.files_total} files · {progress.posts:,} posts")

    def on_import_finished(self, message: msg.ImportFinished) -> None:
        self.query_one("#import-progress").add_class("-hidden")
        self.threads.empty_message = "No threads yet. Import some: threadreader open PATH"
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        elif message.report is not None:
            report = message.report
            summary = f"Imported {report.added} new, {report.updated} updated threads ({report.posts:,} posts)"
            if report.failed:
                summary += f"; {len(report.failed)} failed: " + one_line(f"{report.failed[0][0]}: {report.failed[0][1]}")
            self.notify(summary, severity="warning" if report.failed else "information", markup=False)
        self.load_threads()

    def _prepared(self) -> Prepared:
        library = self.app.library
        summaries = library.threads()
        unread = {s.id: library.state.unread_count(s.id, s.post_count) for s in summaries}
        return prepare(summaries, unread, self.threads.sort)

    @work(thread=True, exclusive=True, group="threads")
    def load_threads(self) -> None:
        self.post_message(msg.ThreadsLoaded(self._prepared()))

    def on_threads_loaded(self, message: msg.ThreadsLoaded) -> None:
        self.show_threads(message.prepared)

    def show_threads(self, prepared: Prepared) -> None:
        self.threads.set_prepared(prepared)
        self.update_counts()
        freeze_long_lived()  # the summaries live as long as the app

    def update_counts(self) -> None:
        threads = self.threads
        shown = f"{len(threads.rows):,} of " if threads.filter_text else ""
        self.set_status(f"{shown}{len(threads.all_rows):,} threads · {threads.total_posts:,} posts · "
                        f"{threads.total_unread:,} unread · sort: {threads.sort}")
        if self.threads.search_rows is not None and self.page is not None:
            title = f"Matches · {plural(self.page.total_threads, 'thread')}"
        else:
            title = f"Threads · {self.threads.sort}"
        if threads.border_title != title:  # setting it redraws the whole list, even to the same text
            threads.border_title = title

    def on_work_failed(self, message: msg.WorkFailed) -> None:
        self.notify(message.reason, severity="error", markup=False)

    # -- thread list ---------------------------------------------------------------------

    @on(ThreadList.Chosen)
    def open_chosen(self, message: ThreadList.Chosen) -> None:
        row = message.row
        if row.best is not None and self.page is not None:
            self.open_thread(row.summary.id, row.best.post_index, hit_pattern(self.page, self.bar.value))
        else:
            self.open_thread(row.summary.id, None, None)

    @on(ThreadList.Cleared)
    def clear_list(self) -> None:
        if self.threads.search_rows is not None:
            self.bar.input.value = ""
            self.show_results(None)
        elif self.threads.filter_text:
            self.close_filter()

    def action_sort(self) -> None:
        if self.threads.search_rows is not None:
            self.notify("Search results are sorted by relevance; escape in the list clears the search.")
            return
        self.notify(f"Sorted by {self.threads.cycle_sort()}")
        self.update_counts()

    def action_filter(self) -> None:
        box = self.query_one(FilterInput)
        box.remove_class("-hidden")
        self.set_focus(box)

    def close_filter(self) -> None:
        box = self.query_one(FilterInput)
        box.add_class("-hidden")
        self.threads.set_filter("")
        self.threads.focus()
        self.update_counts()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.threads.set_filter(event.value)
        self.update_counts()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.threads.focus()

    @on(PostView.Left)
    def post_view_left(self) -> None:
        self.threads.focus()
