"""Where the posts of a copied page are: the header that repeats once per post, found from its anchor lines."""

from __future__ import annotations

import re
from collections import Counter

from index.threads.dialects.heads import anchor_name
from index.threads.dialects.lines import ACTION, BLANK, DATE, HEADERISH, LITERAL, NUMBER, PROSE, QUOTE, SHORT, Line
from index.threads.dialects.reach import HEADER_PROSE_CHARS, SENTENCE_END, SHORT_RUN, Block, forward, place

# A header is a handful of short lines; farther than this from its anchor a line belongs to a body.
HEADER_REACH = 14
# A body holds at least one line of this many words (a sidebar's list of links does not).
CONTENT_WORDS = 5


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
    again = frozenset(text for text, n in printed.items() if n >= 2 and not SENTENCE_END.search(text))
    for anchor in anchor_lines(lines):
        signature = _signature(lines[anchor])
        if groups and signature not in signatures[-1] and _joinable(lines, groups[-1][-1], anchor, again):
            groups[-1].append(anchor)
            signatures[-1].add(signature)
        else:
            groups.append([anchor])
            signatures.append({signature})
    return groups


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
        placed = place(lines, groups)
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
    result = place(lines, groups)
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
