"""The main screen's thread list: every thread of the library, loaded at once or in a worker, with unread counts."""

from __future__ import annotations

import gc

from textual import work
from textual.message import Message

from index.library.errors import LibraryError
from index.textsafety import one_line

from tui.collector import freeze_long_lived
from tui.widgets.thread_list import Prepared, ThreadList, prepare


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

    def __init__(self, library, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.library = library

    def on_mount(self) -> None:
        self.call_after_refresh(self.warm_index)

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

    def _show(self, prepared: Prepared) -> None:
        self.set_prepared(prepared)
        self.post_message(self.Loaded())
