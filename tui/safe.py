"""The one place the app makes transcript text safe to show: no markup, no raw control codes."""

from __future__ import annotations

from rich.text import Text

from index.textsafety import one_line, printable

__all__ = ["one_line", "shown", "text"]


def shown(value: str | None) -> str:
    """Transcript text with control characters, ESC and bidi overrides made visible."""
    return printable(value or "")


def text(value: str | None, style: str = "") -> Text:
    """A Rich Text of transcript text: never parsed as markup, never raw escapes."""
    return Text(shown(value), style=style, end="")
