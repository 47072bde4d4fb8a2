"""Reading a thread: opening it, moving between posts, read/unread, bookmarks, export, author view."""

from __future__ import annotations

import re
from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.timer import Timer
from textual.content import Content

from tui.collector import freeze_long_lived
from tui.safe import one_line
from tui.screens import messages as msg
from tui.widgets.post_layout import Marks
from tui.widgets.post_view import PostView

FLUSH_DELAY = 0.5  # seconds after the last visit before reading state is written


class ReadingActions:
    """The post-reading half of the main screen (mixed into MainScreen)."""

    _pending_reads: dict[str, set[int]]
    _pending_positions: dict[str, int]
    _flush_timer: Timer | None = None

    READING_BINDINGS = [
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
    ]

    @property
    def posts(self) -> PostView:
        return self.query_one("#posts", PostView)

    # -- opening -------------------------------------------------------------------------

    def open_thread(self, thread_id: str, at: int | None, hits: re.Pattern[str] | None) -> None:
        self.set_status("Opening thread…")
        self.load_thread(thread_id, at, hits)

    @work(thread=True, exclusive=True, group="open")
    def load_thread(self, thread_id: str, at: int | None, hits: re.Pattern[str] | None) -> None:
        try:
            thread = self.app.library.thread(thread_id)
        except KeyError:
            self.post_message(msg.WorkFailed("That thread is no longer in the library."))
            return
        self.post_message(msg.ThreadLoaded(thread, at, hits))

    def on_thread_loaded(self, message: msg.ThreadLoaded) -> None:
        self.flush_state()
        thread, state = message.thread, self.app.library.state
        read = state.read_posts(thread.id)
        last_seen = state.last_seen_count(thread.id)
        bookmarks = {index for tid, index in state.bookmarks() if tid == thread.id}
        marks = {
            i: Marks(unread=i not in read, new=last_seen is not None and i >= last_seen, bookmarked=i in bookmarks)
            for i in range(thread.post_count)
        }
        state.visit(thread.id, thread.post_count)
        at = message.at if message.at is not None else state.position(thread.id)
        if at is None:
            at = next((i for i in range(thread.post_count) if i not in read), 0)
        self.posts.border_title = Content(one_line(thread.title, 200))  # a title is never markup
        self.set_class(True, "-reading")  # as focusing the view will: the first frame is at the reading width
        self.posts.show(thread.posts, thread=thread, at=at, marks=marks, hits=message.hits)
        self.posts.focus()
        self.threads.select_thread(thread.id)
        self.update_counts()
        freeze_long_lived()  # the thread's posts live while it is open

    def on_post_view_post_visited(self, message: PostView.PostVisited) -> None:
        # A named handler, not @on: @on is not collected from mixins that are not widgets.
        view = message.control
        if view.thread is None:
            return
        self._show_read(view, message.index, True)
        # Saving state costs an fsync: batch visits and write once the reader pauses.
        self._pending_reads.setdefault(view.thread.id, set()).add(message.index)
        self._pending_positions[view.thread.id] = message.index
        if self._flush_timer is not None:
            self._flush_timer.stop()
        self._flush_timer = self.set_timer(FLUSH_DELAY, self.flush_state)

    def flush_state(self) -> None:
        """Write the visits not yet saved (read posts, last positions)."""
        state = self.app.library.state
        reads, positions = self._pending_reads, self._pending_positions
        self._pending_reads, self._pending_positions = {}, {}
        for thread_id, indices in reads.items():
            state.mark_read(thread_id, indices)
        for thread_id, index in positions.items():
            state.set_position(thread_id, index)

    def _show_read(self, view: PostView, index: int, read: bool) -> None:
        old = view.marks.get(index, Marks())
        view.set_marks(index, Marks(unread=not read, new=old.new, bookmarked=old.bookmarked))
        self.threads.set_unread(view.thread.id, sum(mark.unread for mark in view.marks.values()))
        self.update_counts()

    def _set_read(self, view: PostView, index: int, read: bool) -> None:
        self.flush_state()
        self.app.library.state.mark_read(view.thread.id, [index], read)
        self._show_read(view, index, read)

    # -- moving --------------------------------------------------------------------------

    def _open_view(self) -> PostView | None:
        if not self.posts.posts:
            self.notify("Open a thread first (enter on the list).", severity="warning")
            return None
        return self.posts

    def action_post(self, step: int) -> None:
        if view := self._open_view():
            view.move_to(view.cursor[0] + step, top=True)
            view.focus()

    def action_unread(self, step: int) -> None:
        if not (view := self._open_view()):
            return
        indices = range(view.cursor[0] + step, len(view.posts) if step > 0 else -1, step)
        target = next((i for i in indices if view.marks.get(i, Marks()).unread), None)
        if target is None:
            self._next_unread_thread(view, step)
            return
        view.move_to(target, top=True)
        view.focus()

    def _next_unread_thread(self, view: PostView, step: int) -> None:
        """Like slrn: past the last unread post, N goes on to the next thread with unread posts."""
        rows = self.threads.rows
        here = next((i for i, row in enumerate(rows) if row.summary.id == view.thread.id), -1)
        order = range(here + step, len(rows) if step > 0 else -1, step)
        following = next((rows[i] for i in order if 0 <= i < len(rows) and rows[i].unread), None)
        if following is None:
            self.notify("No more unread posts.")
            return
        self.notify(f"Next thread with unread posts: {one_line(following.summary.title, 60)}", markup=False)
        self.open_thread(following.summary.id, None, None)

    def action_hit(self, step: int) -> None:
        if not (view := self._open_view()):
            return
        if view.hits is None:
            self.notify("No search hits here: search with / and open a match.")
        elif not view.next_hit(step):
            self.notify("No more hits in this thread.")

    def action_toggle_quotes(self) -> None:
        if view := self._open_view():
            opened = view.toggle_all_quotes()
            self.notify("All quotes open" if opened else "All quotes folded")

    def action_toggle_signatures(self) -> None:
        view = self.posts
        view.set_signatures(not view.show_signatures)
        self.notify("Signatures shown" if view.show_signatures else "Signatures hidden")

    # -- reading state -------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        if not (view := self._open_view()):
            return
        index = view.cursor[0]
        now_read = view.marks.get(index, Marks()).unread
        self._set_read(view, index, now_read)
        self.notify(f"Post #{index + 1} marked {'read' if now_read else 'unread'}")

    def action_bookmark(self) -> None:
        if not (view := self._open_view()):
            return
        index = view.cursor[0]
        on_now = self.app.library.state.toggle_bookmark(view.thread.id, index)
        old = view.marks.get(index, Marks())
        view.set_marks(index, Marks(unread=old.unread, new=old.new, bookmarked=on_now))
        self.notify(f"Bookmark {'set on' if on_now else 'removed from'} post #{index + 1}")

    def action_export(self) -> None:
        if not (view := self._open_view()):
            return
        from index.threads.export import export_markdown

        thread = view.thread
        folder = Path(self.app.library.path) / "exports"
        slug = re.sub(r"[^a-z0-9]+", "-", thread.title.lower()).strip("-")[:60] or "thread"
        target = folder / f"{slug}-{thread.id[:8]}.md"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target.write_text(export_markdown(thread), encoding="utf-8")
        except OSError as error:
            self.notify(f"Could not export: {one_line(error.strerror or str(error))}", severity="error", markup=False)
            return
        self.notify(f"Exported to {target}", timeout=8, markup=False)

    # -- author view ---------------------------------------------------------------------

    def action_author(self) -> None:
        if not (view := self._open_view()):
            return
        author = view.current_post.author
        self.load_author(author.key, author.label)

    @work(thread=True, exclusive=True, group="author")
    def load_author(self, key: str, label: str) -> None:
        self.post_message(msg.AuthorPostsLoaded(label, self.app.library.posts_by_author(key)))

    def on_author_posts_loaded(self, message: msg.AuthorPostsLoaded) -> None:
        from tui.screens.author import AuthorScreen

        def chosen(choice: tuple[str, int] | None) -> None:
            if choice is not None:
                self.open_thread(choice[0], choice[1], None)

        self.app.push_screen(AuthorScreen(message.label, message.posts), chosen)
