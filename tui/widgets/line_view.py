"""A ScrollView for the Line API that computes its base style and width once per frame."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineView(ScrollView):
    """Base of the thread list and the post view: `frame()` is cheap inside render_line."""

    _frame: tuple[Style, int] | None = None  # (base style, width) while a frame is drawn

    def render_lines(self, crop: Region) -> list[Strip]:
        # rich_style walks every ancestor's styles: once per frame, not once per line.
        self._frame = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def frame(self) -> tuple[Style, int]:
        """The base style and content width of the frame being drawn."""
        return self._frame or (self.rich_style, self.scrollable_content_region.width)
