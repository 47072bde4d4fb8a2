"""How a rebuilt quote looks: a one-line summary when folded, an attributed bar block when open."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from index.model import Post, Quote
from tui.safe import one_line, text as safe_text
from tui.widgets.wrap import Lines, count_lines, wrap_text

BAR = "│ "
FOLDED = "▸ "
OPEN = "▾ "


def source_label(quote: Quote, posts: Sequence[Post] | None) -> str:
    """'#3, member from Virginia': which post the words came from, as the reader numbers it."""
    who = quote.source_author
    number = None
    if quote.source is not None:
        number = quote.source + 1
        if posts is not None and 0 <= quote.source < len(posts):
            source = posts[quote.source]
            number = source.number or source.index + 1
            who = who or source.author.label
    parts = [f"#{number}"] if number is not None else []
    if who:
        parts.append(one_line(who))
    return ", ".join(parts) if parts else "an earlier post"


Indent = str | Sequence[Segment]


def _pad(indent: Indent) -> list[Segment]:
    if isinstance(indent, str):
        return [Segment(indent)] if indent else []
    return list(indent)


def quote_text(quote: Quote, style: Style, hits: re.Pattern[str] | None, hit_style: Style,
               current: tuple[int, int] | None = None, current_style: Style | None = None) -> Text:
    body = safe_text(quote.text)
    body.stylize(style)
    if hits is not None:
        body.highlight_regex(hits, hit_style)
    if current is not None and current_style is not None:
        body.stylize(current_style, *current)
    return body


def folded_quote(
    console: Console,
    quote: Quote,
    posts: Sequence[Post] | None,
    width: int,
    styles: dict[str, Style],
    hits: re.Pattern[str] | None = None,
    indent: Indent = "",
) -> list[Strip]:
    """The one summary line: '▸ quoting #3, member from Virginia: The Anglo… (3 more lines)'."""
    inner = max(width - len(BAR), 1)
    total = count_lines(console, safe_text(quote.text), inner)
    head = f"{FOLDED}quoting {source_label(quote, posts)}: "
    tail = f" ({total - 1} more line{'s' if total != 2 else ''})" if total > 1 else ""
    flat = one_line(quote.text)
    room = width - len(head) - len(tail)
    if room < 12 and tail:  # narrow: a shorter count leaves room for the first words
        tail = f" (+{total - 1})"
        room = width - len(head) - len(tail)
    excerpt = flat if len(flat) <= room else flat[: max(room - 1, 0)].rstrip() + "…"
    line = Text(head, style=styles["quote-summary"], end="")
    body = Text(excerpt, style=styles["quote-text"], end="")
    if hits is not None:
        body.highlight_regex(hits, styles["hit"])
    line.append_text(body)
    line.append(tail, style=styles["quote-summary"])
    line.truncate(width, overflow="ellipsis")
    pad = _pad(indent)
    return [Strip([*pad, *line.render(console)], Segment.get_line_length(pad) + line.cell_len)]


def open_quote(
    console: Console,
    quote: Quote,
    posts: Sequence[Post] | None,
    width: int,
    styles: dict[str, Style],
    hits: re.Pattern[str] | None = None,
    indent: Indent = "",
    current: tuple[int, int] | None = None,
) -> Sequence[Strip]:
    """An attribution line, then the quoted words behind a bar, wrapped to the width."""
    head = Text(f"{OPEN}quoting {source_label(quote, posts)}:", style=styles["quote-summary"], end="")
    head.truncate(width, overflow="ellipsis")
    pad = _pad(indent)
    lead = [*pad, Segment(BAR, styles["quote-bar"])]
    body = quote_text(quote, styles["quote-text"], hits, styles["hit"], current, styles.get("hit-current"))
    lines = Lines()
    lines.append(Strip([*pad, *head.render(console)], Segment.get_line_length(pad) + head.cell_len))
    lines.extend(wrap_text(console, body, width - len(BAR), lead))
    return lines


def find_quoted(source: Post, quote: Quote) -> tuple[int, int, int, int] | None:
    """Where in its source post a quote's words are: (post, block, start, end), for highlighting."""
    words = quote.text.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    for block_index, block in enumerate(source.blocks):
        if isinstance(block, Quote):
            continue
        match = pattern.search(block.text)
        if match:
            return (source.index, block_index, match.start(), match.end())
    from rapidfuzz import fuzz  # fuzzy quotes (a typo fixed) only: the exact search above is the rule

    best = None
    for block_index, block in enumerate(source.blocks):
        if isinstance(block, Quote):
            continue
        found = fuzz.partial_ratio_alignment(quote.text, block.text)
        if found and (best is None or found.score > best[0]):
            best = (found.score, block_index, found.dest_start, found.dest_end)
    if best is None or best[0] < 60:
        return None
    return (source.index, best[1], best[2], best[3])
