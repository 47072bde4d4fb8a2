"""The main screen's thread list: every thread of the library, loaded at once or in a worker, with unread counts."""

from __future__ import annotations

import gc

from textual import work
from textual.message import Message

from index.library.errors import LibraryError
from index.textsafety import one_line

from tui.collector import freeze_long_lived
from tui.counts import plural
from tui.widgets.thread_list import Prepared, ThreadList, prepare

WATCH_SECONDS = 2.0  # how often the list asks whether another process (an import, a reindex) changed the library


class LibraryList(ThreadList):
    """A ThreadList that fills itself from the library."""

    class Loaded(Message):
        """The list shows the library's threads as they are now (error: why it could not read them)."""

        def __init__(self, error: str | None = None) -> None:
            super().__init__()
            self.error = error

    class Ready(Message):
        """A worker prepared the rows (handled by the list itself)."""

        def __init__(self, prepared: Prepared) -> None:
            super().__init__()
            self.prepared = prepared

    class ChangedElsewhere(Message):
        """Another process committed to the library (handled by the list itself)."""

    def __init__(self, library, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.library = library
        self._shown_before: int | None = None  # threads listed before a change made elsewhere

    def on_mount(self) -> None:
        self.call_after_refresh(self.warm_index)
        self.set_interval(WATCH_SECONDS, self._watch)

    def _watch(self) -> None:
        # Our own import refreshes the library when it ends (and the screen reloads the list then).
        if not any(worker.group in ("import", "threads", "watch") and worker.is_running for worker in self.workers):
            self.look_for_changes()

    @work(thread=True, exclusive=True, group="watch")
    def look_for_changes(self) -> None:
        """Whether another process committed since the library was read (a look at the index's
        table of contents, without reading it); if so, the library is read again."""
        try:
            changed = self.library.refresh()
        except Exception:  # noqa: BLE001 - e.g. the folder moved away: what reads the index next says why
            return
        if changed:
            self.post_message(self.ChangedElsewhere())

    def on_library_list_changed_elsewhere(self, message: ChangedElsewhere) -> None:
        message.stop()
        self._shown_before = len(self.all_rows)
        self.reload()

    @work(thread=True, exclusive=True, group="warm")
    def warm_index(self) -> None:
        """After the first frame: the index that listing from the catalog did not open (whoosh's
        imports, the segments' files), opened for the first search or thread."""
        try:
            self.library.warm()
        except LibraryError:
            pass  # damage is reported by whatever reads the index next

    def _prepared(self) -> Prepared:
        # Hundreds of thousands of new objects (summaries, rows) that live as long as the list: with
        # the collector on, the passes they trigger scan them all, again and again, while the app
        # starts (~30 ms at 10,000 threads). Built with it off, then frozen out of every pass (as the
        # screen does once they are shown; tui/collector.py thaws and collects when they are let go).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            summaries = self.library.threads()
            unread = self.library.state.unread_counts(summaries)
            return prepare(summaries, unread, self.sort)
        finally:
            freeze_long_lived()
            if was_enabled:
                gc.enable()

    def load_now(self) -> bool:
        """Fill the list here and now (before the first frame); False when that failed and a
        worker must do it (and report the error)."""
        try:
            prepared = self._prepared()
        except LibraryError:
            return False
        self._show(prepared)
        return True

    @work(thread=True, exclusive=True, group="threads")
    def reload(self) -> None:
        """Fill the list in a worker (at start and after an import)."""
        try:
            prepared = self._prepared()
        except LibraryError as error:  # e.g. damaged: one line naming `threadreader reindex`, not a traceback
            self.post_message(self.Loaded(one_line(str(error))))
            return
        self.post_message(self.Ready(prepared))

    def on_library_list_ready(self, message: Ready) -> None:
        message.stop()
        self._show(message.prepared)
        if self._shown_before is not None:
            added, self._shown_before = len(self.all_rows) - self._shown_before, None
            news = f"{plural(added, 'new thread')}" if added > 0 else "the list is up to date"
            self.notify(f"The library changed in another threadreader: {news}", markup=False)

    def _show(self, prepared: Prepared) -> None:
        self.set_prepared(prepared)
        self.post_message(self.Loaded())
