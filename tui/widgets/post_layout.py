"""Lay out one post as lines for the post view: header, body, folded or open quotes, signature."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from index.model import Post, Quote
from tui.counts import plural
from tui.dates import readable
from tui.safe import one_line, text as safe_text
from tui.widgets.quote_block import folded_quote, open_quote
from tui.widgets.wrap import Lines, wrap_text

HEADER = -1  # the stop id of a post's header; quote stops use their block index
REPLIES_SHOWN = 6  # "quoted by" numbers in a header before "+N"


@dataclass
class Marks:
    """What the reader knows about a post beyond its text."""

    unread: bool = False
    new: bool = False
    bookmarked: bool = False


@dataclass
class Look:
    """Everything a post's layout depends on, so a change of any of these re-lays it out."""

    width: int
    styles: dict[str, Style]
    open_quotes: frozenset[int] = frozenset()
    show_signature: bool = True
    hits: re.Pattern[str] | None = None
    source_span: tuple[int, int, int] | None = None  # (block index, start, end) quoted elsewhere
    context: str | None = None  # the thread title, in views that mix threads
    preface: str | None = None  # above the opening post: who took part
    tree_head: str = ""  # reply-tree lines before the header
    tree_body: str = ""  # reply-tree lines before every other line
    quoted_by: tuple[str, ...] = ()  # "#7" of each later post quoting this one
    hidden: int = 0  # posts folded away under this one
    current_hit: tuple[int, int, int] | None = None  # (block index, start, end) of the hit ] or [ went to


@dataclass
class PostLayout:
    """A post as lines, and the stops (header, quotes) the cursor can rest on."""

    lines: Lines = field(default_factory=Lines)  # huge text blocks are drawn only when seen
    stops: list[tuple[int, int, int]] = field(default_factory=list)  # (stop id, first line, end line)
    blocks: dict[int, tuple[int, int]] = field(default_factory=dict)  # block index -> (first, end line)

    @property
    def height(self) -> int:
        return len(self.lines)

    def stop_at(self, line: int) -> int | None:
        for stop, start, end in self.stops:
            if start <= line < end:
                return stop
        return None

    def span(self, stop: int) -> tuple[int, int]:
        for candidate, start, end in self.stops:
            if candidate == stop:
                return start, end
        return 0, 1


def wrap_lines(console: Console, body: Text, width: int) -> list[list[Segment]]:
    """Word-wrapped lines of segments (Text.wrap directly: cheaper than console.render_lines)."""
    return [list(line.render(console)) for line in body.wrap(console, max(width, 1))]


def _wrap(console: Console, body: Text, width: int, lead: Sequence[Segment] = (Segment(" "),)) -> Sequence[Strip]:
    return wrap_text(console, body, width - Segment.get_line_length(lead), lead)


def _leads(look: Look) -> tuple[list[Segment], list[Segment]]:
    """The tree lines before the header and before every other line (none in time order)."""
    style = look.styles["tree"]
    head = [Segment(look.tree_head, style)] if look.tree_head else []
    return head, [Segment(look.tree_body, style)] if look.tree_body else []


def _replies(look: Look) -> str:
    shown = ", ".join(look.quoted_by[:REPLIES_SHOWN])
    more = len(look.quoted_by) - REPLIES_SHOWN
    return f"quoted by {shown}" + (f" +{more}" if more > 0 else "")


def header_text(post: Post, marks: Marks, styles: dict[str, Style], look: Look | None = None) -> Text:
    """'● #4 Chlodio · Ad Honorem · joined Aug 2016 · 3,831 posts · Dispargum · edited · ♥ 2 · quoted by #7'."""
    line = Text(end="")
    if look is not None and look.hidden:
        line.append(f"[+{look.hidden}] ", style=styles["folded"])
    if marks.bookmarked:
        line.append("★ ", style=styles["bookmark"])
    if marks.new:
        line.append("NEW ", style=styles["new"])
    elif marks.unread:
        line.append("● ", style=styles["unread"])
    line.append(f"#{post.number or post.index + 1} ", style=styles["number"])
    line.append(one_line(post.author.label), style=styles["author"])
    meta = []
    if post.rank:
        meta.append(one_line(post.rank))
    if post.date:
        meta.append(one_line(readable(post.date)))
    if post.joined:
        meta.append(f"joined {one_line(post.joined)}")
    if post.post_count is not None:
        meta.append(plural(post.post_count, "post"))
    if post.location:
        meta.append(one_line(post.location))
    if post.edited:
        meta.append("edited")
    if post.likes:
        names = ", ".join(one_line(name) for name in post.likes[:3])
        more = f" +{len(post.likes) - 3}" if len(post.likes) > 3 else ""
        meta.append(f"♥ {names}{more}")
    if post.author.name is None:  # an anonymous label already says where from and since when
        meta = [item for item in meta if item.removeprefix("joined ") not in post.author.label]
    for item in meta:
        line.append(" · ", style=styles["meta"])
        line.append(item, style=styles["meta"])
    if look is not None and look.quoted_by:
        line.append(" · ", style=styles["meta"])
        line.append(_replies(look), style=styles["replies"])
    return line


def _layout_head(console: Console, post: Post, marks: Marks, look: Look) -> PostLayout:
    """The context line (in views mixing threads) and the header: the part that marks change."""
    width, styles = max(look.width, 10), look.styles
    out = PostLayout()
    if look.preface:
        preface = Text(one_line(look.preface), style=styles["participants"], end="")
        out.lines.extend(_wrap(console, preface, width))
        out.lines.append(Strip.blank(width))
    if look.context:
        context = Text(f"in: {one_line(look.context)}", style=styles["context"], end="")
        context.truncate(width, overflow="ellipsis")
        out.lines.append(Strip(list(context.render(console)), context.cell_len).extend_cell_length(width, styles["context"]))
    header = header_text(post, marks, styles, look)
    head_lead, body_lead = _leads(look)
    start = len(out.lines)
    for row, segments in enumerate(wrap_lines(console, header, width - len(look.tree_head))):
        lead = head_lead if row == 0 else body_lead
        out.lines.append(Strip([*lead, *segments]).extend_cell_length(width, styles["header"]))
    out.stops.append((HEADER, start, len(out.lines)))
    return out


def relayout_head(console: Console, post: Post, marks: Marks, look: Look, layout: PostLayout) -> PostLayout:
    """`layout` with a new header for new marks; the body (maybe a megabyte of text) is kept as it is."""
    out = _layout_head(console, post, marks, look)
    old_end = layout.span(HEADER)[1]
    shift = out.height - old_end
    out.lines.extend(layout.lines.tail(old_end))
    out.stops.extend((stop, start + shift, end + shift) for stop, start, end in layout.stops if stop != HEADER)
    out.blocks = {block: (start + shift, end + shift) for block, (start, end) in layout.blocks.items()}
    return out


def layout_post(console: Console, post: Post, posts: Sequence[Post] | None, marks: Marks, look: Look) -> PostLayout:
    """The lines of one post at the look's width, with a blank line after it."""
    width, styles = max(look.width, 10), look.styles
    out = _layout_head(console, post, marks, look)
    _, guide = _leads(look)
    lead = [*guide, Segment(" ")]
    inner = width - Segment.get_line_length(lead)
    blank = Strip(guide).extend_cell_length(width)
    for block_index, block in enumerate(post.blocks):
        if block_index:
            out.lines.append(blank)  # paragraphs (and quotes) stand apart: easier on the eye
        out.blocks[block_index] = (len(out.lines), len(out.lines))
        span = look.source_span if look.source_span and look.source_span[0] == block_index else None
        current = look.current_hit[1:] if look.current_hit and look.current_hit[0] == block_index else None
        if isinstance(block, Quote):
            start = len(out.lines)
            if block_index in look.open_quotes:
                out.lines.extend(open_quote(console, block, posts, inner, styles, look.hits, indent=lead, current=current))
            else:
                out.lines.extend(folded_quote(console, block, posts, inner, styles, look.hits, indent=lead))
            out.stops.append((block_index, start, len(out.lines)))
            out.blocks[block_index] = (start, len(out.lines))
            continue
        body = safe_text(block.text)
        body.stylize(styles["text"])
        if span is not None:
            body.stylize(styles["source"], span[1], span[2])
        if look.hits is not None:
            body.highlight_regex(look.hits, styles["hit"])
        if current is not None:
            body.stylize(styles["hit-current"], *current)
        out.lines.extend(_wrap(console, body, width, lead))
        out.blocks[block_index] = (out.blocks[block_index][0], len(out.lines))
    if post.signature:
        if post.blocks:
            out.lines.append(blank)
        if look.show_signature:
            signature = Text("── ", style=styles["signature"], end="")
            signature.append_text(safe_text(post.signature))
            signature.stylize(styles["signature"])
        else:  # hidden, not gone: the reader knows there is more to the post, and how to see it
            signature = Text("── signature hidden, \\ to show", style=styles["signature"], end="")
        out.lines.extend(_wrap(console, signature, width, lead))
    out.lines.append(blank)
    return out


def estimate_height(post: Post, width: int, open_quotes: frozenset[int], show_signature: bool) -> int:
    """A cheap guess of a post's height, for posts not laid out yet (far from the viewport)."""
    width = max(width - 2, 8)
    height = 2 + max(len(post.blocks) - 1, 0) + bool(post.signature and post.blocks)
    for block_index, block in enumerate(post.blocks):
        if isinstance(block, Quote) and block_index not in open_quotes:
            height += 1
            continue
        for line in block.text.split("\n"):
            height += len(line) // width + 1
        height += isinstance(block, Quote)
    if post.signature:
        height += post.signature.count("\n") + 1 if show_signature else 1
    return height
