"""The filter box above the thread list: titles filtered as you type, enter or escape goes back to the list."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input


class FilterBox(Input):
    """Filter-as-you-type box; reports the text, the screen filters the list."""

    # Priority, so these run as the key is read and the focus is back where the screen said before
    # the next key is: enter then enter at once opens the thread, escape then j moves in the list.
    BINDINGS = [
        Binding("enter", "done", "Back to list", id="filter.done", priority=True, show=False),
        Binding("escape", "close", "Close filter", id="filter.close", priority=True),
    ]

    class Edited(Message):
        """The filter text changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Done(Message):
        """Enter, or escape: the reader is back in the list."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.back_to: Widget | None = None

    def open(self, back_to: Widget | None = None) -> FilterBox:
        """Show the box; enter or escape will give the focus to `back_to` (the screen's choice)."""
        self.back_to = back_to
        self.remove_class("-hidden")
        return self

    def close(self) -> None:
        self.value = ""
        self.add_class("-hidden")
        self.post_message(self.Edited(""))
        self._leave()

    def action_close(self) -> None:
        self.close()

    def action_done(self) -> None:
        self._leave()

    def _leave(self) -> None:
        if self.has_focus and self.back_to is not None:
            self.screen.set_focus(self.back_to)  # now, not after a message round trip
        self.post_message(self.Done())

    def _on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(event.value))
