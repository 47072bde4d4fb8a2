"""The filter box above the thread list: titles filtered as you type, escape closes it."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterBox(Input):
    """Filter-as-you-type box; reports the text, the screen filters the list."""

    BINDINGS = [Binding("escape", "close", "Close filter", id="filter.close")]

    class Edited(Message):
        """The filter text changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Done(Message):
        """Enter, or escape: the reader is back in the list."""

    def open(self) -> FilterBox:
        self.remove_class("-hidden")
        return self

    def close(self) -> None:
        self.value = ""
        self.add_class("-hidden")
        self.post_message(self.Edited(""))
        self.post_message(self.Done())

    def action_close(self) -> None:
        self.close()

    def _on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(event.value))

    def _on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())
