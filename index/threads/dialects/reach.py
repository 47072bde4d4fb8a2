"""How far each post header of a copied page reaches around its anchor lines: the header lines under and over
them, cut back to the size the page's headers usually have."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from index.threads.dialects.heads import anchor_name, is_mark
from index.threads.dialects.lines import (
    ACTION, BLANK, COUNT, DATE, FIELD, HEADERISH, INITIAL, LABEL, LITERAL, NUMBER, PROSE, SHORT, SUBJECT, Line,
)

# Header lines that are surely fields of a header (not a name that happens to repeat).
FIELDS = frozenset({DATE, NUMBER, COUNT, LABEL, FIELD, SUBJECT})
# Short lines in a row that may sit between header lines (a name, a rank) before we call them a body.
SHORT_RUN = 2
# A line this short may be a long name-and-title line inside a header, if header lines follow it.
HEADER_PROSE_CHARS = 90
# A line ending as a sentence does (not an ellipsis after a title like "Well then...") is text, not a header.
SENTENCE_END = re.compile(r"\w[.!?]$")


@dataclass
class Block:
    """One post's header on the page: its anchor lines and the header lines around them."""

    top: int
    start: int  # first anchor line
    end: int  # last anchor line
    bottom: int  # last header line; the body starts after it
    stop: int | None = None  # where the body must end before the next header: a preview of a later post


def forward(lines: list[Line], end: int, limit: int, names: frozenset = frozenset()) -> int:
    """The last header line after an anchor (or the anchor): header lines, with short runs between them. A
    "NAME:" line naming one of the page's authors opens a quote, not a header field."""
    bottom = end
    run: list[Line] = []
    value_due = subject = False
    for line in lines[end + 1 : limit]:
        if line.kind == BLANK:
            continue
        if value_due and len(line.text) <= 60 and line.kind != ACTION:
            bottom, run, value_due = line.index, [], False
            continue
        if line.kind == ACTION:
            if run:
                break
            bottom = line.index
            continue
        if line.kind == LABEL and line.text.rstrip(": ").casefold() in names:
            break
        if subject and line.kind not in FIELDS:
            break  # the post's subject line is the last of its header; a greeting repeated on the page is text
        subject = subject or line.kind == SUBJECT
        if line.kind in HEADERISH:
            # A name or rank may sit between header lines; a long line only right before a label ("Joined:").
            if any(l.kind == PROSE for l in run) and not (line.kind == LABEL or (line.kind == DATE and line.meta)):
                break
            bottom, run = line.index, []
            value_due = line.kind == LABEL
            continue
        if len(run) < SHORT_RUN and (line.kind == SHORT or (
            line.kind == PROSE and not run and len(line.text) <= HEADER_PROSE_CHARS and not SENTENCE_END.search(line.text)
        )):
            run.append(line)
            continue
        break
    return bottom


def upward(lines: list[Line], start: int, limit: int, rare: frozenset = frozenset()) -> tuple[int, list[int], int | None]:
    """The topmost header line above an anchor, the short lines right above it (nearest first), and how many short
    lines (a name, a rank) the header holds between a button or header line and the rest of the header (None
    when the short lines at its top are not closed from above)."""
    top = start
    shorts: list[int] = []
    closed: int | None = None
    j = start - 1
    while j > limit:
        line = lines[j]
        if line.kind == BLANK:
            j -= 1
            continue
        if line.kind == NUMBER or line.kind == DATE and not line.meta:
            break  # another post's date or number (or a sidebar's): a header holds one
        if line.kind in HEADERISH and line.text not in rare or is_mark(line.text):
            top, closed, shorts = j, max(closed or 0, len(shorts)), []
        elif line.kind == ACTION:
            # A button usually ends the post before; go on only if header fields sit right above it.
            top, closed, shorts = j, max(closed or 0, len(shorts)), []
            k = j - 1
            while k > limit and lines[k].kind in (BLANK, ACTION):
                k -= 1
            if k <= limit or lines[k].kind not in FIELDS:
                return top, [], closed
        elif (line.kind == SHORT or line.text in rare) and len(shorts) < SHORT_RUN:
            shorts.append(j)
        else:
            break
        j -= 1
    return top, shorts, (None if shorts else closed)


def _names_below(lines: list[Line], groups: list[list[int]], bottoms: list[int]) -> list[int]:
    """Headers that end in a name line of their own ("date #3" then "NAME" then the text): when nearly every
    header of the page is followed by one short line, that line is the header's, not the text's."""
    after = []
    for i, bottom in enumerate(bottoms):
        limit = groups[i + 1][0] if i + 1 < len(groups) else len(lines)
        nxt = next((l for l in lines[groups[i][-1] + 1 : limit] if l.kind != BLANK), None)
        after.append(nxt.index if nxt is not None and nxt.kind in (SHORT, LITERAL) else None)
    found = [a for a in after if a is not None]
    if len(found) < max(2, 0.75 * len(groups)) or len({lines[a].text for a in found}) < 2:
        return bottoms
    return [max(a, b) if a is not None else b for a, b in zip(after, bottoms)]


def _filled(lines: list[Line], start: int, end: int) -> list[int]:
    return [l.index for l in lines[start:end] if l.kind != BLANK]


def _recut(lines: list[Line], groups: list[list[int]], bottoms: list[int], tops: list, rare: frozenset) -> None:
    """Headers cut back to the page's usual size: a post's header that runs on past what the page's headers hold
    below their anchor, into a next header shorter above its anchor than the page's headers are, took a short
    post's text and the next author's lines; both go back where the page's usual header puts them."""
    def reach(top) -> int:  # the header's first line, with the short lines right over it
        return min([top[0], *top[1]])

    below = [len(_filled(lines, group[-1] + 1, bottom + 1)) for group, bottom in zip(groups, bottoms)]
    above = [len(_filled(lines, reach(top), group[0])) for group, top in zip(groups, tops)]
    usual_below, usual_above = statistics.median_low(below), statistics.median_low(above)
    for i in range(len(groups) - 1):
        if below[i] <= usual_below or above[i + 1] >= usual_above:
            continue
        filled = _filled(lines, groups[i][-1] + 1, bottoms[i] + 1)
        bottom = filled[usual_below - 1] if usual_below else groups[i][-1]
        top = upward(lines, groups[i + 1][0], bottom, rare)
        if len(_filled(lines, reach(top), groups[i + 1][0])) > above[i + 1]:
            bottoms[i], tops[i + 1] = bottom, top


def place(lines: list[Line], groups: list[list[int]]) -> list[Block]:
    named = [next(filter(None, (anchor_name(lines[i]) for i in group)), None) for group in groups]
    names = frozenset(name.casefold() for name in named if name)
    bottoms = []
    for i, group in enumerate(groups):
        limit = groups[i + 1][0] if i + 1 < len(groups) else len(lines)
        bottoms.append(forward(lines, group[-1], limit, names))
    if sum(map(bool, named)) * 2 <= len(groups):
        bottoms = _names_below(lines, groups, bottoms)  # the anchors name no one: the line after them may
    # A line repeated only a few times (a sign-off, a name) is no header template above an anchor.
    seen = Counter(l.text for l in lines if l.kind == LITERAL)
    rare = frozenset(text for text, n in seen.items() if n < max(3, 0.8 * len(groups)))
    tops = []
    for i, group in enumerate(groups):
        limit = bottoms[i - 1] if i else -1
        tops.append(upward(lines, group[0], limit, rare))
    _recut(lines, groups, bottoms, tops, rare)
    # How many short lines (a name, a rank) headers hold above the rest: what the headers that show it hold.
    # A button line or an avatar's initial over a header shows how many; else most headers must show them: a
    # short line over some headers only is the end of the text before (a sign-off).
    counts = sorted(
        len(shorts) if lines[top].kind in FIELDS | {LITERAL} else closed
        for top, shorts, closed in tops
        if lines[top].kind in FIELDS | {LITERAL} or closed is not None and lines[top].kind in (ACTION, INITIAL)
    )
    allow = counts[len(counts) // 5] if counts else 0  # what four headers in five show at least
    # Names that repeat are template-like lines, not shorts: still, most headers holding a line right over
    # their anchor says a header whose top is open keeps one.
    over = 0
    for group, (top, shorts, _) in zip(groups, tops):
        j = group[0] - 1
        while j > top and lines[j].kind == BLANK:
            j -= 1
        over += bool(shorts) or (top <= j < group[0] and lines[j].kind in (SHORT, LITERAL))
    name_over = over * 2 > len(groups)
    result = []
    for group, bottom, (top, shorts, _) in zip(groups, bottoms, tops):
        if shorts and (allow or lines[top].kind in (LABEL, FIELD) or (name_over and top == group[0])):
            top = shorts[: max(allow, 1)][-1]  # at least a name right above a member's fields
        result.append(Block(top, group[0], group[-1], bottom))
    _first_within(lines, result)
    return result


def _first_within(lines: list[Line], found: list[Block]) -> None:
    """The first header has no post over it to bound it: it reaches no farther up than the page's other headers do
    (an original poster's mark aside), or it takes the page's title and menus for header lines."""
    def over(block: Block, top: int) -> list[int]:
        return [l.index for l in lines[top : block.start] if l.text and not is_mark(l.text)]

    if len(found) < 2:
        return
    reach = max(len(over(block, block.top)) for block in found[1:])
    first = over(found[0], found[0].top)
    if len(first) > reach:
        found[0].top = first[len(first) - reach] if reach else found[0].start
