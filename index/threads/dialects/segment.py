"""Where the posts of a copied page are: the header that repeats once per post, found from its anchor lines."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from index.threads.dialects.heads import anchor_name, is_mark
from index.threads.dialects.lines import (
    ACTION, BLANK, COUNT, DATE, FIELD, HEADERISH, INITIAL, LABEL, LITERAL, NUMBER, PROSE, QUOTE, SHORT, SUBJECT, Line,
)

# Header lines that are surely fields of a header (not a name that happens to repeat).
FIELDS = frozenset({DATE, NUMBER, COUNT, LABEL, FIELD, SUBJECT})

# A header is a handful of short lines; farther than this from its anchor a line belongs to a body.
HEADER_REACH = 14
# Short lines in a row that may sit between header lines (a name, a rank) before we call them a body.
SHORT_RUN = 2
# A line this short may be a long name-and-title line inside a header, if header lines follow it.
HEADER_PROSE_CHARS = 90
# A line ending as a sentence does (not an ellipsis after a title like "Boyoing...") is text, not a header.
_SENTENCE_END = re.compile(r"\w[.!?]$")
# A body holds at least one line of this many words (a sidebar's list of links does not).
CONTENT_WORDS = 5


@dataclass
class Block:
    """One post's header on the page: its anchor lines and the header lines around them."""

    top: int
    start: int  # first anchor line
    end: int  # last anchor line
    bottom: int  # last header line; the body starts after it
    stop: int | None = None  # where the body must end before the next header: a preview of a later post


def anchor_lines(lines: list[Line]) -> list[int]:
    """Lines that mark a post: its date (not a member's join date) or its number."""
    return [l.index for l in lines if (l.kind == DATE and not l.meta) or l.kind == NUMBER]


def _signature(line: Line) -> tuple:
    if line.kind == NUMBER:
        return ("number",)
    before = line.text[: line.date.start].strip()
    return ("date", line.date.relative, bool(before), line.number is not None)


def _joinable(lines: list[Line], end: int, anchor: int, again: frozenset = frozenset()) -> bool:
    """Whether only header lines lie between two anchors, so that both mark the same post. A title-like line the
    page prints elsewhere too (the thread's title, printed again in the first post's header) may be one."""
    seen = shorts = 0
    for line in lines[end + 1 : anchor]:
        if line.kind == BLANK:
            continue
        seen += 1
        if line.kind == SHORT or line.kind == PROSE and line.text in again:
            shorts += 1
            if shorts > SHORT_RUN:
                return False
        elif line.kind in HEADERISH or line.kind == ACTION:
            shorts = 0
        else:
            return False
    return seen <= HEADER_REACH


def clusters(lines: list[Line]) -> list[list[int]]:
    """Anchors grouped per post: a date and a "#N" printed a few header lines apart are one post's."""
    groups: list[list[int]] = []
    signatures: list[set] = []
    printed = Counter(l.text for l in lines if l.kind == PROSE and len(l.text) <= HEADER_PROSE_CHARS)
    again = frozenset(text for text, n in printed.items() if n >= 2 and not _SENTENCE_END.search(text))
    for anchor in anchor_lines(lines):
        signature = _signature(lines[anchor])
        if groups and signature not in signatures[-1] and _joinable(lines, groups[-1][-1], anchor, again):
            groups[-1].append(anchor)
            signatures[-1].add(signature)
        else:
            groups.append([anchor])
            signatures.append({signature})
    return groups


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
            line.kind == PROSE and not run and len(line.text) <= HEADER_PROSE_CHARS and not _SENTENCE_END.search(line.text)
        )):
            run.append(line)
            continue
        break
    return bottom


def _above(lines: list[Line], start: int, limit: int, rare: frozenset = frozenset()) -> tuple[int, list[int], int | None]:
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


def _token(token: str) -> str:
    if token == "\0":
        return "D"
    if re.fullmatch(r"#\d+\W*", token):
        return "#9"
    if re.fullmatch(r"[\d\W]+", token):
        return "9" if re.search(r"\d", token) else token
    return "W"


def _shape(line: Line) -> tuple:
    """What an anchor line looks like with the date, numbers and words left out ("W » D", "#9")."""
    text = line.text if line.date is None else line.text[: line.date.start] + " \0 " + line.text[line.date.end :]
    tokens: list[str] = []
    for token in map(_token, text.split()):
        if not (tokens and tokens[-1] == token == "W"):
            tokens.append(token)
    return tuple(tokens)


def _shapes(lines: list[Line], groups: list[list[int]]) -> list[frozenset]:
    return [frozenset(_shape(lines[index]) for index in group) for group in groups]


def _untangle(lines: list[Line], groups: list[list[int]]) -> list[list[int]]:
    """Groups cut back to the anchors the page's headers usually hold: a dated line just over a post's header (the
    thread's start date, a sidebar's last entry) joins its group, but it is not the post's."""
    shapes = _shapes(lines, groups)
    usual, count = Counter(shapes).most_common(1)[0]
    if count < max(2, len(groups) // 2):
        return groups
    out = []
    for group, shape in zip(groups, shapes):
        cut = next((k for k in range(1, len(group)) if _shapes(lines, [group[k:]])[0] == usual), 0)
        if shape != usual and shape > usual and cut:
            out.append(group[:cut])
        out.append(group[cut:] if shape != usual and shape > usual else group)
    return out


def _has_text(lines: list[Line], start: int, end: int) -> bool:
    return any(l.kind == PROSE and len(l.text.split()) >= CONTENT_WORDS or l.kind == QUOTE for l in lines[start:end])


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
        top = _above(lines, groups[i + 1][0], bottom, rare)
        if len(_filled(lines, reach(top), groups[i + 1][0])) > above[i + 1]:
            bottoms[i], tops[i + 1] = bottom, top


def _place(lines: list[Line], groups: list[list[int]]) -> list[Block]:
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
        tops.append(_above(lines, group[0], limit, rare))
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
    return result


def _shown_again(lines: list[Line], placed: list[Block], i: int, end: int) -> bool:
    """Whether the text under an odd header is printed again further down as the start of a post: a preview of a
    later post (a best answer, a solution shown over the thread), not a post of its own."""
    def words(line: Line) -> bool:  # a line of words, not a tag or a mark
        return line.kind in (PROSE, SHORT, LITERAL) and bool(re.search(r"[^\W\d_]{3}", re.sub(r"<[^>]*>", "", line.text)))

    first = next((l for l in lines[placed[i].bottom + 1 : end] if l.kind != BLANK), None)
    if first is None or not words(first):
        return False
    starts = (next((l for l in lines[block.bottom + 1 :] if l.kind != BLANK), None) for block in placed[i + 1 :])
    return any(start is not None and start.text == first.text for start in starts)


def blocks(lines: list[Line]) -> list[Block]:
    """Every post header of the page, in order; fewer than two means no repeating header was found.

    The page's post headers share one shape; dated lines of another shape (a sidebar's list of popular
    posts, related threads) count only where text follows them, and never after the last post header."""
    groups = clusters(lines)
    if len(groups) < 2:
        return []
    groups = _untangle(lines, groups)
    shapes = _shapes(lines, groups)
    dominant, count = Counter(line for shape in shapes for line in shape).most_common(1)[0]
    previews: list[int] = []
    if count >= 2:
        placed = _place(lines, groups)
        usual = [dominant in shape for shape in shapes]
        last = max(i for i, fits in enumerate(usual) if fits)
        kept = []
        for i, (group, fits, block) in enumerate(zip(groups, usual, placed)):
            end = placed[i + 1].top if i + 1 < len(placed) else len(lines)
            if fits or i < last and _has_text(lines, block.bottom + 1, end):
                if fits or not _shown_again(lines, placed, i, end):
                    kept.append(group)
                else:
                    previews.append(block.top)
        groups = kept
    if len(groups) < 2:
        return []
    result = _place(lines, groups)
    for top in previews:  # the post before a preview ends over it
        before = [block for block in result if block.bottom < top]
        if before:
            before[-1].stop = min(top, before[-1].stop or top)
    return result


def _footer_mode(lines: list[Line], found: list[Block]) -> bool:
    """Whether the anchors close the posts ("NAME, date  #3" under the text) rather than open them: then the
    header lines after an anchor name the author of the next anchor."""
    named = [next(filter(None, (anchor_name(l) for l in lines[b.start : b.end + 1])), None) for b in found]
    first = [next((l.text for l in lines[b.end + 1 : b.bottom + 1] if l.kind in (SHORT, PROSE) or l.kind in HEADERISH and l.kind not in (NUMBER, DATE)), "") for b in found]
    ahead = same = 0
    for k in range(len(found) - 1):
        if named[k + 1] and first[k].startswith(named[k + 1]) and named[k + 1] != named[k]:
            ahead += 1
        if named[k] and first[k].startswith(named[k]):
            same += 1
    return ahead >= 2 and ahead > same and ahead * 2 >= len(found) - 1 and bool(named[0])


def footer_blocks(lines: list[Line], found: list[Block]) -> tuple[list[Block], list[tuple[int, int]], int, bool]:
    """Each post's header block and body span, where the post part of the page starts, and whether the last body
    runs on to the end of the page."""
    if _footer_mode(lines, found):
        name = next(filter(None, (anchor_name(l) for l in lines[found[0].start : found[0].end + 1])))
        opening = [l.index for l in lines[: found[0].top] if l.text.startswith(name) and len(l.text) <= HEADER_PROSE_CHARS]
        if opening:
            top = opening[-1]
            bottom = forward(lines, top, found[0].top)
            heads = [Block(top, found[0].start, found[0].end, bottom)]
            bodies = [(bottom + 1, found[0].top)]
            for before, block in zip(found, found[1:]):
                heads.append(Block(before.end + 1, block.start, block.end, before.bottom))
                bodies.append((before.bottom + 1, block.top))
            return heads, bodies, top, False
    bodies = [(b.bottom + 1, min(after.top, b.stop or after.top)) for b, after in zip(found, found[1:])]
    bodies.append((found[-1].bottom + 1, found[-1].stop or len(lines)))
    return found, bodies, found[0].top, True
