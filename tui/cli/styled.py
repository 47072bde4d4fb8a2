"""Styled lines for the reading commands' output, without rich.console (~20 ms of imports a command).

The escape codes are rich's: a definition of plain attributes and one of the 16 standard colours
(all the commands use) gets the codes rich's Style writes for it from a table (rich.style costs
~6 ms a command on a terminal; a test holds the table to rich), anything else is rich's Style's.
Whether to write any is decided as rich.console decides it (TTY_COMPATIBLE, FORCE_COLOR, a
terminal that is not dumb; NO_COLOR keeps bold and the like but no colour). Every piece of text goes through printable(): text from files never reaches the terminal
as control characters, and no text is ever read as markup. Lines are not wrapped (the terminal
wraps them; a pipe gets whole lines).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from typing import TextIO, Union

from index.textsafety import printable

Piece = Union[str, tuple[str, str]]  # text, or (text, rich style definition such as "bold cyan")


def _standard_colours():
    from rich.color import ColorSystem

    return ColorSystem.STANDARD


def styling_wanted(stream: TextIO, environ=os.environ) -> bool:
    """Whether escape codes may go to the stream, by rich.console's rules."""
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        terminal = compatible == "1"
    elif environ.get("FORCE_COLOR") is not None:
        terminal = environ["FORCE_COLOR"] != ""
    else:
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError):  # no isatty, or a closed stream
            terminal = False
    return terminal and environ.get("TERM", "").strip().lower() not in ("dumb", "unknown")


# rich.style's SGR parameter of each attribute, in the order rich writes them.
_ATTRIBUTES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "blink": "5", "blink2": "6",
               "reverse": "7", "conceal": "8", "strike": "9"}
_COLOURS = {name: code for number, name in enumerate(("black", "red", "green", "yellow", "blue", "magenta",
                                                      "cyan", "white"))
            for name, code in ((name, str(30 + number)), (f"bright_{name}", str(90 + number)))}


@lru_cache(maxsize=None)
def _table_codes(definition: str, colour: bool) -> str | None:
    """The SGR parameters rich writes for the definition, when it is plain attributes and at most one
    standard colour; None for anything else (rich's Style then writes it)."""
    words = definition.lower().split()
    colours = [word for word in words if word in _COLOURS]
    if len(colours) > 1 or any(word not in _ATTRIBUTES and word not in _COLOURS for word in words):
        return None
    codes = [code for name, code in _ATTRIBUTES.items() if name in words]
    if colour and colours:
        codes.append(_COLOURS[colours[0]])
    return ";".join(codes)


def _paint(text: str, definition: str, colour: bool) -> str:
    """One line of text in the style, as rich's Style.render writes it for the standard colours."""
    codes = _table_codes(definition, colour)
    if codes is None:
        return _style(definition, colour).render(text, color_system=_standard_colours())
    return f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text


@lru_cache(maxsize=None)
def _style(definition: str, colour: bool):
    # rich only when styling: output to a pipe or a file never imports it (~6 ms of a search).
    from rich.style import Style

    style = Style.parse(definition)
    return style if colour else style.without_color


class Output:
    """Writes lines of pieces to a stream, styled only where styling_wanted() says so."""

    def __init__(self, stream: TextIO | None = None, environ=os.environ):
        self.stream = stream or sys.stdout
        self.styled = styling_wanted(self.stream, environ)
        self.colour = environ.get("NO_COLOR", "") == ""

    def render(self, *pieces: Piece, style: str = "") -> str:
        """The pieces as one string; `style` is added under each piece's own."""
        out = []
        for piece in pieces:
            text, own = (piece, "") if isinstance(piece, str) else piece
            text = printable(text)
            definition = f"{style} {own}".strip()
            if self.styled and definition and text:
                # Line by line, so a newline never carries a style over to the next line.
                text = "\n".join(_paint(part, definition, self.colour) for part in text.split("\n"))
            out.append(text)
        return "".join(out)

    def line(self, *pieces: Piece, style: str = "") -> None:
        self.stream.write(self.render(*pieces, style=style) + "\n")


def highlighted(text: str, spans, style: str = "bold reverse") -> list[Piece]:
    """text split into pieces, those inside the (start, end) spans styled."""
    pieces: list[Piece] = []
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        pieces.extend((text[at:start], (text[start:end], style)))
        at = end
    pieces.append(text[at:])
    return [piece for piece in pieces if (piece if isinstance(piece, str) else piece[0])]
