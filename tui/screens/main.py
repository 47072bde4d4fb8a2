"""The main screen: search bar on top, thread list and open thread side by side, a status line; it decides, widgets report."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from index.model import Page
from tui.collector import freeze_long_lived
from tui.hits import hit_pattern
from tui.safe import one_line
from tui.widgets.filter_box import FilterBox
from tui.widgets.post_view import PostView
from tui.widgets.search_bar import SearchBar, plural
from tui.widgets.status_bar import StatusBar, summary
from tui.widgets.library_list import LibraryList
from tui.widgets.thread_list import SORTS, ThreadList
from tui.widgets.thread_reader import ThreadReader
from tui.screens.reading import ReadingActions

# A catalog up to this size (about 15,000 threads, ~60 ms to read) is read before the first frame:
# the titles then come with the first frame, sooner than a worker's second frame would bring them
# (its thread fights the first frame's rendering for the interpreter).
LOAD_BEFORE_FIRST_FRAME = 4_000_000
PREVIEW_WIDTH = 120  # columns from which moving in the list previews the thread beside it


class MainScreen(ReadingActions, Screen):
    """Threads on the left, the open thread on the right; search results replace the list."""

    BINDINGS = [
        # Priority, so keys typed in the same burst as "/" or "f" already land in the box it opens.
        Binding("slash", "search", "Search", id="reader.search", priority=True),
        Binding("o", "sort", "Sort", id="reader.sort"),
        Binding("f", "filter", "Filter", id="reader.filter", priority=True),
        Binding("n", "post(1)", "Next post", id="reader.next_post"),
        Binding("p", "post(-1)", "Previous post", id="reader.previous_post"),
        Binding("N", "unread(1)", "Next unread", id="reader.next_unread"),
        Binding("P", "unread(-1)", "Previous unread", id="reader.previous_unread"),
        Binding("t", "toggle_quotes", "All quotes", id="reader.toggle_quotes"),
        Binding("backslash", "toggle_signatures", "Signatures", id="reader.signatures"),
        Binding("right_square_bracket", "hit(1)", "Next hit", id="reader.next_hit"),
        Binding("left_square_bracket", "hit(-1)", "Previous hit", id="reader.previous_hit"),
        Binding("m", "toggle_read", "Read/unread", id="reader.toggle_read"),
        Binding("B", "bookmark", "Bookmark", id="reader.bookmark"),
        Binding("e", "export", "Export", id="reader.export"),
        Binding("a", "author", "Author's posts", id="reader.author"),
        Binding("v", "tree_view", "Tree/time order", id="reader.tree_view"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page: Page | None = None
        self.importing = False
        self.preview_width = getattr(self.app, "preview_width", PREVIEW_WIDTH)

    def compose(self) -> ComposeResult:
        library = self.app.library
        yield SearchBar(library, id="search")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield FilterBox(placeholder="filter titles…", id="filter", classes="-hidden")
                yield LibraryList(library, id="threads")
            yield ThreadReader(library, id="posts")
        yield StatusBar(library, id="status-bar")
        yield Footer()

    @property
    def threads(self) -> LibraryList:
        return self.query_one(LibraryList)

    @property
    def posts(self) -> ThreadReader:
        return self.query_one(ThreadReader)

    @property
    def bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def on_mount(self) -> None:
        settings = self.app.settings
        if settings["sort"] in SORTS:
            self.threads.set_reactive(LibraryList.sort, settings["sort"])
        self.posts.tree_view = bool(settings["tree_view"])
        self.posts.show_signatures = bool(settings["signatures"])
        self.threads.border_title = "Threads"
        self.posts.border_title = "Posts"
        self.threads.focus()
        self.bar.back_to = self.threads
        library, first = self.app.library, self.app.import_first
        if first:
            self.start_import(first)
            return
        # A small catalog is listed first, then is_empty() asks it: the index stays unopened until
        # after the first frame. A large one lists threads (no first run), read by the worker.
        size = library.catalog_bytes()
        listed = 0 < size <= LOAD_BEFORE_FIRST_FRAME and self.threads.load_now()
        if first is None and size <= LOAD_BEFORE_FIRST_FRAME and library.is_empty():
            self.start_import(None)
        elif not listed:
            # A large library (or one whose catalog is stale: the index is read, far slower): the
            # first frame comes before the summaries, a worker reads them and the list fills in.
            self.threads.empty_message = "Loading the library…"
            self.set_status("Loading the library…")
            self.threads.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search", "filter") and isinstance(self.focused, Input):
            return False  # typing "/" or "f" in a box is text, not a command
        return True

    def on_descendant_focus(self, event) -> None:
        # On narrow terminals the post view takes the whole width while it has the focus.
        self.set_class(isinstance(event.widget, PostView), "-reading")

    def set_status(self, text: str) -> None:
        self.query_one(StatusBar).set_status(text)

    def flush_state(self) -> None:  # the app calls it on the way out
        self.posts.flush_state()

    # -- the library's threads -----------------------------------------------------------

    def start_import(self, paths: list[str] | None) -> None:
        self.importing = True
        self.threads.empty_message = "Importing transcripts…"
        self.query_one(StatusBar).start_import(paths)

    @on(StatusBar.ImportFinished)
    def import_finished(self, message: StatusBar.ImportFinished) -> None:
        self.importing = False
        self.threads.empty_message = "No threads yet. Import some: threadreader open PATH"
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        elif message.report is not None:
            failed = bool(message.report.failed)
            self.notify(summary(message.report), severity="warning" if failed else "information", markup=False)
        self.threads.reload()

    @on(LibraryList.Loaded)
    def threads_loaded(self, message: LibraryList.Loaded) -> None:
        if not self.importing:  # an empty library listed as the first import starts: that import is the news
            self.threads.empty_message = "No threads yet. Import some: threadreader open PATH"
        if message.error:
            self.threads.empty_message = message.error
            self.set_status(message.error)
            self.notify(message.error, severity="error", timeout=30, markup=False)
            return
        self.update_counts()
        freeze_long_lived()  # the summaries live as long as the app

    def update_counts(self) -> None:
        threads = self.threads
        self.query_one(StatusBar).show_counts(threads)
        searching = threads.search_rows is not None and self.page is not None
        title = f"Matches · {plural(self.page.total_threads, 'thread')}" if searching else f"Threads · {threads.sort}"
        if threads.border_title != title:  # setting it redraws the whole list, even to the same text
            threads.border_title = title

    # -- the thread list -----------------------------------------------------------------

    @on(ThreadList.Chosen)
    def open_chosen(self, message: ThreadList.Chosen) -> None:
        row = message.row
        if row.best is not None and self.page is not None:
            self.open_thread(row.summary.id, row.best.post_index, hit_pattern(self.page, self.bar.value))
        else:
            self.open_thread(row.summary.id, None, None)

    @on(ThreadList.Highlighted)
    def preview(self, message: ThreadList.Highlighted) -> None:
        """On a wide terminal the thread under the list's cursor shows beside it, not opened."""
        if self.size.width < self.preview_width or isinstance(self.focused, PostView) or message.control is not self.threads:
            return
        row = message.row
        if row.best is not None and self.page is not None and self.threads.search_rows is not None:
            self.posts.preview(row.summary.id, row.best.post_index, hit_pattern(self.page, self.bar.value))
        else:
            self.posts.preview(row.summary.id)

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
        self.app.remember(sort=self.threads.sort)
        self.update_counts()

    def action_filter(self) -> None:
        self.set_focus(self.query_one(FilterBox).open(back_to=self.threads))

    @on(FilterBox.Edited)
    def filter_changed(self, message: FilterBox.Edited) -> None:
        self.threads.set_filter(message.text)
        self.update_counts()

    def close_filter(self) -> None:
        self.query_one(FilterBox).close()

    # -- searching -----------------------------------------------------------------------

    def action_search(self) -> None:
        # At once, not via focus(): keys typed right after "/" must land in the bar.
        self.set_focus(self.bar.input)

    @on(SearchBar.Found)
    def found(self, message: SearchBar.Found) -> None:
        self.show_results(message.page)

    def show_results(self, page: Page | None) -> None:
        self.page = page
        if page is None:
            self.threads.set_results(None)
            self.posts.set_hits(None)
            self.update_counts()
            return
        self.threads.show_matches(page)
        self.threads.border_title = f"Matches · {plural(page.total_threads, 'thread')}"
        if self.threads.current is None:
            self.posts.drop_preview()  # a preview shows a thread of the list; nothing matched, none is

    @on(SearchBar.OpenBest)
    def open_best(self, message: SearchBar.OpenBest) -> None:
        page = message.page
        if not page.results:
            self.notify("Nothing matched.", severity="warning")
            return
        best = page.results[0]
        self.threads.cursor = 0
        self.open_thread(best.thread.id, best.best.post_index, hit_pattern(page, self.bar.value))

    @on(SearchBar.Left)
    @on(PostView.Left)
    def back_to_list(self) -> None:
        self.threads.focus()

    # -- the open thread -----------------------------------------------------------------

    def open_thread(self, thread_id: str, at: int | None, hits) -> None:
        self.set_status("Opening thread…")
        self.posts.open(thread_id, at, hits)

    @on(ThreadReader.Opened)
    def thread_opened(self, message: ThreadReader.Opened) -> None:
        self.threads.select_thread(message.thread.id)
        self.update_counts()

    @on(PostView.PostVisited)
    def show_position(self, message: PostView.PostVisited) -> None:
        if message.control is self.posts:
            self.update_position()

    @on(ThreadReader.UnreadChanged)
    def unread_changed(self, message: ThreadReader.UnreadChanged) -> None:
        self.threads.set_unread(message.thread_id, message.unread)
        self.update_counts()

    @on(ThreadReader.Failed)
    def thread_failed(self, message: ThreadReader.Failed) -> None:
        self.notify(message.reason, severity="error", markup=False)

    @on(ThreadReader.PastLastUnread)
    def next_unread_thread(self, message: ThreadReader.PastLastUnread) -> None:
        """Like slrn: past the last unread post, N goes on to the next thread with unread posts."""
        following = self.threads.next_unread(message.thread_id, message.step)
        if following is None:
            self.notify("No more unread posts.")
            return
        self.notify(f"Next thread with unread posts: {one_line(following.summary.title, 60)}", markup=False)
        self.open_thread(following.summary.id, None, None)

    # -- the author view -----------------------------------------------------------------

    def action_author(self) -> None:
        if view := self._open_view():
            view.load_author()

    @on(ThreadReader.AuthorPostsLoaded)
    def author_posts_loaded(self, message: ThreadReader.AuthorPostsLoaded) -> None:
        from tui.screens.author import AuthorScreen

        def chosen(choice: tuple[str, int] | None) -> None:
            if choice is not None:
                self.open_thread(choice[0], choice[1], None)

        self.app.push_screen(AuthorScreen(message.label, message.posts), chosen)
