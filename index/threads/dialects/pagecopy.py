"""A forum thread page copied as text ("select all, copy"): posts cut at the header that repeats down the page."""

from __future__ import annotations

import re
from collections import Counter

from index.threads.dialects import closers
from index.threads.dialects.common import RawPost, RawThread, clean_lines
from index.threads.dialects.copies import page_starts
from index.threads.dialects.heads import names, rank_after, read_fields
from index.threads.dialects.lines import ACTION, BLANK, COUNT, DATE, Line, classify
from index.threads.dialects.marked import quote_parts
from index.threads.dialects.named import likes
from index.threads.dialects.page import breadcrumb, tail_start, title_of
from index.threads.dialects.segment import blocks, footer_blocks

EDITED = re.compile(
    r"(?i)^(?:last edited|edited|zuletzt (?:bearbeitet|geändert)|geändert von|bearbeitet von|"
    r"dernière (?:modification|édition)|modifié|édité)\b"
)
def _footer_kind(line: Line, endings: set[str]) -> bool:
    return (
        line.kind in (ACTION, COUNT)
        or (line.kind == DATE and line.meta)
        or line.text in endings
        or bool(EDITED.match(line.text))
        or likes(line.text) is not None
    )


def _trim_footer(lines: list[Line], start: int, end: int, endings: set[str], post: RawPost) -> int:
    """Where a post's own text ends: buttons, like counts, edit notes and the page's usual post endings after it
    are furniture. Returns the new end."""
    while end > start:
        line = lines[end - 1]
        if line.kind == BLANK:
            end -= 1
        elif _footer_kind(line, endings) and end - 1 > start:
            if EDITED.match(line.text) or (line.kind == DATE and line.meta and EDITED.search(line.text)):
                post.edited = True
            post.likes[:0] = likes(line.text) or []
            end -= 1
        else:
            break
    return end


def _endings(lines: list[Line], spans: list[tuple[int, int]], authors: list[str | None]) -> set[str]:
    """Short lines that end several posts of the page (its buttons, whatever they say), of more than one author
    (one member's sign-off is their text)."""
    last = Counter()
    by: dict[str, set] = {}
    for (start, end), author in zip(spans, authors):
        texts = [l.text for l in lines[start:end] if l.text]
        if len(texts) > 1 and len(texts[-1]) <= 60:
            last[texts[-1]] += 1
            by.setdefault(texts[-1], set()).add(author or object())
    return {
        text for text, n in last.items()
        if n >= max(2, len(spans) // 3) and len(text.split()) <= 6 and len(by[text]) >= 2
    }


def parse(text: str, source: str = "") -> RawThread | None:
    """The thread of a copied page, or None when no post header repeats down the page; `source` (the file's name,
    which a browser makes of the page's title or address) hints at the title."""
    raw = clean_lines(text)
    lines = classify(raw)
    found = blocks(lines)
    if found:
        heads, bodies, first, open_end = footer_blocks(lines, found)
        authors = names(lines, heads)
    else:
        closed = closers.posts(lines)
        if closed is None:
            return None
        heads, bodies, authors = closed
        first, open_end = heads[0].top, False
    spans = list(bodies)
    endings = _endings(lines, spans[:-1], authors)
    # Page copies one after another: each page's last post ends at its page's footer, as the last post does.
    starts = page_starts(lines, [head.top for head in heads]) if open_end else []
    in_body = [False] * len(lines)
    posts: list[RawPost] = []
    earlier = []
    for index, (head, (start, end), name) in enumerate(zip(heads, spans, authors)):
        post = RawPost(name=name)
        read_fields(lines, head, post)
        post.rank = rank_after(lines, head, name)
        cut = next((line for line in starts if start <= line < end), None)
        if cut is not None or index == len(spans) - 1 and open_end:
            end = tail_start(lines, start, end if cut is None else cut, endings)
        end = _trim_footer(lines, start, end, endings, post)
        while start < end and lines[start].kind in (BLANK, ACTION):
            start += 1
        raw_body = raw[start:end]
        parts, furniture = quote_parts(raw_body, "\n".join(earlier))
        for offset in range(end - start):
            if offset not in furniture:
                in_body[start + offset] = True
        kept = [line for offset, line in enumerate(raw_body) if offset not in furniture]
        post.body = "\n".join(kept).strip("\n")
        post.parts = parts
        earlier.append(post.body)
        posts.append(post)
    preamble = lines[: first]
    title = title_of(preamble, lines, source)
    chrome = tuple(l.text for l in lines if l.text and not in_body[l.index])
    pages = tuple(next(i for i, head in enumerate(heads) if head.top >= line) for line in starts)
    return RawThread(
        title=title or "", dialect="pagecopy", posts=posts, forum=breadcrumb(preamble, title), chrome=chrome, pages=pages
    )
