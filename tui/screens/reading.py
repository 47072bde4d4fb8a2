"""What the main screen does with the open thread: a reading key pressed in any pane, a preview as the width changes."""

from __future__ import annotations

from textual import events

from tui.counts import plural
from tui.safe import one_line
from tui.widgets.status_bar import StatusBar
from tui.widgets.thread_list import ThreadList
from tui.widgets.thread_reader import ThreadReader


class ReadingActions:
    """MainScreen's actions on the open thread (its BINDINGS name them); the screen decides, the reader does."""

    posts: ThreadReader
    threads: ThreadList
    preview_width: int

    def _open_view(self) -> ThreadReader | None:
        if not self.posts.posts:
            self.notify("Open a thread first (enter on the list).", severity="warning")
            return None
        return self.posts

    def action_post(self, step: int) -> None:
        if view := self._open_view():
            view.step_post(step)

    def action_unread(self, step: int) -> None:
        if view := self._open_view():
            view.step_unread(step)

    def action_hit(self, step: int) -> None:
        if not (view := self._open_view()):
            return
        if view.hits is None:
            self.notify("No search hits here: search with / and open a match.")
        elif not view.next_hit(step):
            self.notify("No more hits in this thread.")

    def action_toggle_quotes(self) -> None:
        if view := self._open_view():
            self.notify("All quotes open" if view.toggle_all_quotes() else "All quotes folded")

    def action_toggle_signatures(self) -> None:
        view = self.posts
        view.set_signatures(not view.show_signatures)
        self.app.remember(signatures=view.show_signatures)
        self.notify("Signatures shown" if view.show_signatures else "Signatures hidden")

    def action_tree_view(self) -> None:
        view = self.posts
        view.set_tree_view(not view.tree_view)
        self.app.remember(tree_view=view.tree_view)
        self.update_position()
        self.notify("Reply tree: each post under the post it answers" if view.tree_view else "Time order")

    def _listed(self):
        """The thread under the list's cursor while the list has the focus: there m and B act on it,
        as mutt's and slrn's thread lists do, not on the post open beside it."""
        return self.threads.current if self.focused is self.threads else None

    def action_toggle_read(self) -> None:
        if (row := self._listed()) is not None:
            self.notify(self._mark_thread(row), markup=False)
        elif view := self._open_view():
            self.notify(view.toggle_read())

    def action_bookmark(self) -> None:
        if (row := self._listed()) is not None:
            on_now = self.app.library.state.toggle_bookmark(row.summary.id, 0)
            self.posts.reload_marks(row.summary.id)
            where = f"the opening post of “{one_line(row.summary.title, 50)}”"
            self.notify(f"Bookmark set on {where}" if on_now else f"Bookmark removed from {where}", markup=False)
        elif view := self._open_view():
            self.notify(view.toggle_bookmark())

    def _mark_thread(self, row) -> str:
        """Every post of the thread read (or, when none is unread, every post unread again)."""
        summary = row.summary
        read = row.unread > 0
        self.posts.flush_state()  # visits not yet written would otherwise undo "unread" when they are
        self.app.library.state.mark_read(summary.id, range(summary.post_count), read)
        self.posts.reload_marks(summary.id)
        self.threads.set_unread(summary.id, 0 if read else summary.post_count)
        self.update_counts()
        posts = f"All {plural(summary.post_count, 'post')}" if summary.post_count > 1 else "The one post"
        return f"{posts} of “{one_line(summary.title, 50)}” marked {'read' if read else 'unread'}"

    def action_export(self) -> None:
        if not (view := self._open_view()):
            return
        try:
            target = view.export()
        except OSError as error:
            self.notify(f"Could not export: {one_line(error.strerror or str(error))}", severity="error", markup=False)
            return
        self.notify(f"Exported to {target}", timeout=8, markup=False)

    def update_position(self) -> None:
        view = self.posts
        if not view.posts:
            return
        row = view.arrangement.rows[view.cursor[0]]
        mode = "reply tree" if view.arrangement.tree else "time order"
        preview = " · preview: enter opens" if view.previewing else ""
        self.query_one(StatusBar).show_position(f"post {row + 1:,} of {len(view.posts):,} · {mode}{preview}")

    def on_resize(self, event: events.Resize) -> None:
        """Previews are for wide terminals (README): narrowed, the preview goes; widened, it comes back
        (not over a thread the reader opened)."""
        posts, threads = self.posts, self.threads
        if event.size.width < self.preview_width:
            posts.drop_preview()
            if posts.thread is None:
                self.query_one(StatusBar).show_position("")
        elif self.focused is threads and threads.current and (posts.thread is None or posts.previewing):
            self.preview(ThreadList.Highlighted(threads, threads.current))
