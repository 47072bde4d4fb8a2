"""Styled lines for the reading commands' output, without rich.console (~20 ms of imports a command).

rich's Style writes the escape codes; whether to write any is decided as rich.console decides it
(TTY_COMPATIBLE, FORCE_COLOR, a terminal that is not dumb; NO_COLOR keeps bold and the like but no
colour). Every piece of text goes through printable(): text from files never reaches the terminal
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
                text = "\n".join(_style(definition, self.colour).render(part, color_system=_standard_colours())
                                 for part in text.split("\n"))
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
