"""Make untrusted transcript text safe to print: control characters become visible escapes."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and every Unicode format character
# (zero-width, bidi embeddings/overrides/isolates, BOM, tags) plus line/paragraph separators,
# which can hide or reorder what a terminal shows.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f]"  # the whole tag block: its unassigned points may be assigned later
)


# What parsing drops from the text it keeps: controls (tab and newline stay), zero-width space and BOM.
_NOISE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]")


def without_controls(text: str) -> str:
    """The text with control characters, zero-width spaces and byte-order marks removed (tabs and newlines kept)."""
    return _NOISE.sub("", text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """The text with every control character, ESC and bidi override shown as an escape like \\x1b."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str, width: int | None = None) -> str:
    """Printable text folded onto a single line (newlines and tabs as spaces), cut to width."""
    flat = " ".join(printable(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(width - 1, 0)] + "…"
    return flat
