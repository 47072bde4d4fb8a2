"""The open thread: a post view that loads a thread, keeps its read marks and bookmarks, and reports to the screen."""

from __future__ import annotations

import re
from pathlib import Path

from textual import events, work
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from index.model import Post, Thread, ThreadSummary
from index.threads.replies import ReplyTree, reply_tree
from tui.collector import freeze_long_lived
from tui.safe import one_line
from tui.widgets.post_layout import Marks
from tui.widgets.post_view import PostView

FLUSH_DELAY = 0.5  # seconds after the last visit before reading state is written
PREVIEW_DELAY = 0.12  # seconds the list cursor rests on a thread before it is previewed (j held down loads nothing)


class ThreadReader(PostView):
    """The main screen's post view: one thread of the library, read post by post."""

    class Opened(Message):
        """A thread is on screen (the screen selects it in the list)."""

        def __init__(self, thread: Thread) -> None:
            super().__init__()
            self.thread = thread

    class UnreadChanged(Message):
        """The open thread's unread count changed."""

        def __init__(self, thread_id: str, unread: int) -> None:
            super().__init__()
            self.thread_id, self.unread = thread_id, unread

    class PastLastUnread(Message):
        """No unread post is left this way in the thread: the screen may go on to the next thread."""

        def __init__(self, thread_id: str, step: int) -> None:
            super().__init__()
            self.thread_id, self.step = thread_id, step

    class Failed(Message):
        """Loading a thread failed; the one-line reason is for the reader."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class AuthorPostsLoaded(Message):
        """Every post by the author of the post under the cursor, across the library (the screen shows them)."""

        def __init__(self, label: str, posts: list[tuple[ThreadSummary, Post]]) -> None:
            super().__init__()
            self.label, self.posts = label, posts

    class Loaded(Message):
        """A worker loaded the thread (handled by the reader itself)."""

        def __init__(self, request: int, thread: Thread, tree: ReplyTree, at: int | None,
                     hits: re.Pattern[str] | None, preview: bool) -> None:
            super().__init__()
            self.request, self.thread, self.tree, self.at, self.hits, self.preview = request, thread, tree, at, hits, preview

    def __init__(self, library, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.library = library
        self.previewing = False  # shown from the list, not opened: no read marks, no position kept
        self._request = 0  # the latest load asked for; a worker's result for an older one is dropped
        self._preview_timer: Timer | None = None
        self._previewed = -1  # the request of the latest preview asked for
        self._pending_reads: dict[str, set[int]] = {}
        self._pending_positions: dict[str, int] = {}
        self._flush_timer: Timer | None = None

    # -- opening -------------------------------------------------------------------------

    def open(self, thread_id: str, at: int | None = None, hits: re.Pattern[str] | None = None) -> None:
        """Load a thread in a worker and show it at post `at` (else where the reader left off)."""
        self._cancel_preview()
        if self.previewing and self.thread is not None and self.thread.id == thread_id:
            self._present(self.thread, self.replies, at, hits, preview=False)  # already here: no second load
            return
        self._request += 1
        self.load_thread(self._request, thread_id, at, hits, False)

    def preview(self, thread_id: str, at: int | None = None, hits: re.Pattern[str] | None = None) -> None:
        """Show a thread without opening it, once the list's cursor rests on it a moment."""
        self._cancel_preview()
        if self.thread is not None and self.thread.id == thread_id:
            if self.previewing and at is not None:  # the same thread, searched: show its best hit
                self.set_hits(hits)
                self.move_to(at, top=True)
            return
        self._request += 1
        request = self._previewed = self._request
        self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.load_thread(request, thread_id, at, hits, True))

    def drop_preview(self) -> None:
        """Take a previewed thread off the view, and one still coming (the terminal got too narrow for one)."""
        if self._preview_timer is not None or (self.previewing and self._request == self._previewed):
            self._cancel_preview()
            self._request += 1  # a preview a worker is still loading is dropped as it arrives
        if self.previewing:
            self.previewing = False
            self.border_title = "Posts"
            self.show(())

    def _cancel_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    @work(thread=True, exclusive=True, group="open")
    def load_thread(self, request: int, thread_id: str, at: int | None, hits: re.Pattern[str] | None,
                    preview: bool) -> None:
        try:
            thread = self.library.thread(thread_id)
        except KeyError:
            if not preview:
                self.post_message(self.Failed("That thread is no longer in the library."))
            return
        tree = reply_tree(thread.posts)  # here, off the event loop
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(request, thread, tree, at, hits, preview))

    def on_thread_reader_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.request == self._request:
            self._present(message.thread, message.tree, message.at, message.hits, message.preview)

    def _present(self, thread: Thread, tree: ReplyTree | None, at: int | None, hits: re.Pattern[str] | None,
                 preview: bool) -> None:
        self.flush_state()
        state = self.library.state
        last_seen = state.last_seen_count(thread.id)
        marks = self._stored_marks(thread.id, thread.post_count, lambda i: last_seen is not None and i >= last_seen)
        if at is None and not preview:
            at = state.position(thread.id)
        if at is None:
            at = next((i for i in range(thread.post_count) if marks[i].unread), 0)
        released = self.thread is not None and self.thread.id != thread.id
        self.previewing = preview
        if not preview:
            state.visit(thread.id, thread.post_count)
            self.screen.set_class(True, "-reading")  # as focusing will: the first frame is at the reading width
        self.border_title = Content(one_line(thread.title, 200) + (" · preview" if preview else ""))  # never markup
        self.show(thread.posts, thread=thread, at=at, marks=marks, hits=hits, tree=tree)
        if not preview:
            self.focus()
            self.post_message(self.Opened(thread))
        if released:
            self.app.collector.release_soon()  # the thread shown before may be collected once the reader pauses
        freeze_long_lived()  # the thread's posts live while it is shown

    def on_focus(self, event: events.Focus) -> None:
        if self.previewing and self.thread is not None:
            self.open(self.thread.id, self.cursor[0], self.hits)  # reading a preview opens it

    # -- reading state -------------------------------------------------------------------

    def on_post_view_post_visited(self, message: PostView.PostVisited) -> None:
        if self.thread is None or self.previewing:
            return
        self._show_read(message.index, True)
        # Saving state costs an fsync: batch visits and write once the reader pauses.
        self._pending_reads.setdefault(self.thread.id, set()).add(message.index)
        self._pending_positions[self.thread.id] = message.index
        if self._flush_timer is not None:
            self._flush_timer.stop()
        self._flush_timer = self.set_timer(FLUSH_DELAY, self.flush_state)

    def flush_state(self) -> None:
        """Write the visits not yet saved (read posts, last positions)."""
        state = self.library.state
        reads, positions = self._pending_reads, self._pending_positions
        self._pending_reads, self._pending_positions = {}, {}
        for thread_id, indices in reads.items():
            state.mark_read(thread_id, indices)
        for thread_id, index in positions.items():
            state.set_position(thread_id, index)

    def on_unmount(self) -> None:
        self.flush_state()

    def _show_read(self, index: int, read: bool) -> None:
        old = self.marks.get(index, Marks())
        self.set_marks(index, Marks(unread=not read, new=old.new, bookmarked=old.bookmarked))
        self.post_message(self.UnreadChanged(self.thread.id, sum(mark.unread for mark in self.marks.values())))

    def toggle_read(self) -> str:
        """Mark the post under the cursor read or unread; what happened, for the reader."""
        index = self.cursor[0]
        now_read = self.marks.get(index, Marks()).unread
        self.flush_state()
        self.library.state.mark_read(self.thread.id, [index], now_read)
        self._show_read(index, now_read)
        return f"Post {self.number(index)} marked {'read' if now_read else 'unread'}"

    def reload_marks(self, thread_id: str) -> None:
        """Show read marks and bookmarks changed outside the view (m or B in the list) if it shows that thread."""
        if self.thread is None or self.thread.id != thread_id:
            return
        self.flush_state()  # else the posts just visited would show unread again
        marks = self._stored_marks(thread_id, self.thread.post_count, lambda i: self.marks.get(i, Marks()).new)
        for index, mark in marks.items():
            self.set_marks(index, mark)

    def _stored_marks(self, thread_id: str, count: int, new) -> dict[int, Marks]:
        """Each post's read mark and bookmark as the reading state has them (new(i): whether post i is new)."""
        state = self.library.state
        read = state.read_posts(thread_id)
        bookmarks = {index for tid, index in state.bookmarks() if tid == thread_id}
        return {i: Marks(unread=i not in read, new=new(i), bookmarked=i in bookmarks) for i in range(count)}

    def toggle_bookmark(self) -> str:
        index = self.cursor[0]
        on_now = self.library.state.toggle_bookmark(self.thread.id, index)
        old = self.marks.get(index, Marks())
        self.set_marks(index, Marks(unread=old.unread, new=old.new, bookmarked=on_now))
        return f"Bookmark {'set on' if on_now else 'removed from'} post {self.number(index)}"

    # -- moving --------------------------------------------------------------------------

    def step_post(self, step: int) -> None:
        """To the next or previous post in the order shown (time, or the reply tree)."""
        target = self.arrangement.step(self.cursor[0], step)
        if target is not None:
            self.move_to(target, top=True)
        self.focus()

    def step_unread(self, step: int) -> None:
        target = next((i for i in self.arrangement.after(self.cursor[0], step)[1:] if self.marks.get(i, Marks()).unread), None)
        if target is None and self.arrangement.tree and self.replies is not None:  # folded away, but unread
            hidden = set(self.arrangement.order)
            target = next((i for i in range(len(self.posts)) if i not in hidden and self.marks.get(i, Marks()).unread), None)
        if target is None:
            self.post_message(self.PastLastUnread(self.thread.id, step))
            return
        self.move_to(target, top=True)
        self.focus()

    # -- the author's other posts ---------------------------------------------------------

    def load_author(self) -> None:
        author = self.current_post.author
        self.load_author_posts(author.key, author.label)

    @work(thread=True, exclusive=True, group="author")
    def load_author_posts(self, key: str, label: str) -> None:
        self.post_message(self.AuthorPostsLoaded(label, self.library.posts_by_author(key)))

    # -- export --------------------------------------------------------------------------

    def export(self) -> Path:
        """Write the open thread as Markdown into the library's exports folder; OSError if the disk refuses."""
        from index.threads.export import export_markdown

        thread = self.thread
        folder = Path(self.library.path) / "exports"
        slug = re.sub(r"[^a-z0-9]+", "-", thread.title.lower()).strip("-")[:60] or "thread"
        target = folder / f"{slug}-{thread.id[:8]}.md"
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(export_markdown(thread), encoding="utf-8")
        return target
