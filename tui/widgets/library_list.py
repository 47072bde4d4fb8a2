"""The main screen's thread list: every thread of the library, loaded at once or in a worker, with unread counts."""

from __future__ import annotations

from textual import work
from textual.message import Message

from tui.widgets.thread_list import Prepared, ThreadList, prepare


class LibraryList(ThreadList):
    """A ThreadList that fills itself from the library."""

    class Loaded(Message):
        """The list shows the library's threads as they are now."""

    class Ready(Message):
        """A worker prepared the rows (handled by the list itself)."""

        def __init__(self, prepared: Prepared) -> None:
            super().__init__()
            self.prepared = prepared

    def __init__(self, library, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.library = library

    def _prepared(self) -> Prepared:
        summaries = self.library.threads()
        unread = {s.id: self.library.state.unread_count(s.id, s.post_count) for s in summaries}
        return prepare(summaries, unread, self.sort)

    def load_now(self) -> None:
        """Fill the list in this frame: the summaries are in memory once the library is open."""
        self._show(self._prepared())

    @work(thread=True, exclusive=True, group="threads")
    def reload(self) -> None:
        """Fill the list again in a worker (after an import)."""
        self.post_message(self.Ready(self._prepared()))

    def on_library_list_ready(self, message: Ready) -> None:
        message.stop()
        self._show(message.prepared)

    def _show(self, prepared: Prepared) -> None:
        self.set_prepared(prepared)
        self.post_message(self.Loaded())
