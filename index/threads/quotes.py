"""Quote reconstruction: find words of a post that repeat an earlier post and make them Quote blocks."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import NamedTuple, Sequence

from rapidfuzz import fuzz

from index.model import Block, Paragraph, Post, Quote

SHINGLE = 4  # words per hashed n-gram used to find candidate sources
MIN_WORDS = 8  # shorter repeats are coincidence or stock phrases, not quotes
GAP_WORDS = 3  # a typo or a cut inside a quote breaks the run by this many words at most
GAP_SOURCE = 12  # words the quoter may skip from the source inside one quote
COMMON = 64  # n-grams found in more posts than this are stock phrases: useless as evidence
SIMILAR = 75  # rapidfuzz ratio at which two words count as the same word mistyped

_WORD = re.compile(r"\S+")
_NOT_WORD = re.compile(r"[\W_]+")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


class _Token(NamedTuple):
    word: str  # normalised: case-folded letters and digits only
    start: int
    end: int


@dataclass
class _Match:
    source: int
    start: int  # word range in the quoting post
    end: int
    source_start: int  # word range in the source post
    source_end: int

    @property
    def size(self) -> int:
        return self.end - self.start


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        if not word.isalnum():
            word = _NOT_WORD.sub("", word)
        if word:
            tokens.append(_Token(word, *match.span()))
    return tokens


def _similar(a: str, b: str) -> bool:
    # Numbers are facts, not spellings: 1939 and 1938 are different words.
    if a == b:
        return True
    return min(len(a), len(b)) >= 3 and a.isalpha() and b.isalpha() and fuzz.ratio(a, b) >= SIMILAR


class _SourceIndex:
    """N-grams of the words each earlier post's author wrote themselves (never of their quotes)."""

    def __init__(self) -> None:
        self.postings: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
        self.words: dict[int, list[str]] = {}
        self.own: dict[int, list[bool]] = {}

    def add(self, index: int, tokens: list[_Token], own: list[bool]) -> None:
        words = [t.word for t in tokens]
        self.words[index], self.own[index] = words, own
        postings = self.postings
        quoted = not all(own)
        for i in range(len(words) - SHINGLE + 1):
            if quoted and not all(own[i : i + SHINGLE]):
                continue
            postings[tuple(words[i : i + SHINGLE])].append((index, i))

    def candidates(self, words: list[str]) -> list[_Match]:
        """Runs of shared n-grams, one per (source, alignment), before merging."""
        diagonals: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(len(words) - SHINGLE + 1):
            hits = self.postings.get(tuple(words[i : i + SHINGLE]))
            if hits and len(hits) <= COMMON:
                for source, j in hits:
                    diagonals[(source, j - i)].append(i)
        runs = []
        for (source, shift), starts in diagonals.items():
            first = previous = starts[0]
            for i in starts[1:] + [None]:
                if i is not None and i == previous + 1:
                    previous = i
                    continue
                end = previous + SHINGLE
                runs.append(_Match(source, first, end, first + shift, end + shift))
                if i is not None:
                    first = previous = i
        return runs


def _merge(runs: list[_Match]) -> list[_Match]:
    """Join runs from one source that a typo, a fixed word or a small cut split apart."""
    merged: list[_Match] = []
    for run in sorted(runs, key=lambda r: (r.source, r.start, r.source_start)):
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.source == run.source
            and run.start - last.end <= GAP_WORDS
            and -SHINGLE <= run.source_start - last.source_end <= GAP_SOURCE
        ):
            last.end = max(last.end, run.end)
            last.source_end = max(last.source_end, run.source_end)
        else:
            merged.append(_Match(run.source, run.start, run.end, run.source_start, run.source_end))
    return merged


def _same_line(body: str, tokens: list[_Token], left: int, right: int) -> bool:
    return "\n" not in body[tokens[left].end : tokens[right].start]


def _extend(match: _Match, body: str, tokens: list[_Token], index: _SourceIndex) -> None:
    """Grow a match word by word over mistyped or edited words at its edges, within its lines:
    the quoter's own reply starts on a line of its own, often with a word the source has next."""
    source, own = index.words[match.source], index.own[match.source]
    while (
        match.end < len(tokens)
        and match.source_end < len(source)
        and own[match.source_end]
        and _same_line(body, tokens, match.end - 1, match.end)
        and _similar(tokens[match.end].word, source[match.source_end])
    ):
        match.end += 1
        match.source_end += 1
    while (
        match.start > 0
        and match.source_start > 0
        and own[match.source_start - 1]
        and _same_line(body, tokens, match.start - 1, match.start)
        and _similar(tokens[match.start - 1].word, source[match.source_start - 1])
    ):
        match.start -= 1
        match.source_start -= 1


def _trim(match: _Match, body: str, tokens: list[_Token]) -> None:
    """Drop a few words a match caught on the quoter's own line before or after the pasted lines."""
    breaks = [i for i in range(match.start + 1, match.end) if not _same_line(body, tokens, i - 1, i)]
    if not breaks:
        return
    head, tail = breaks[0], breaks[-1]
    mid_line_start = match.start > 0 and _same_line(body, tokens, match.start - 1, match.start)
    if mid_line_start and head - match.start <= SHINGLE:
        match.source_start += head - match.start
        match.start = head
    mid_line_end = match.end < len(tokens) and _same_line(body, tokens, match.end - 1, match.end)
    if mid_line_end and match.end - tail <= SHINGLE and tail > match.start:
        match.source_end -= match.end - tail
        match.end = tail


def _choose(matches: list[_Match]) -> list[_Match]:
    """Non-overlapping matches, longest first; on a tie the earliest post wrote the words first."""
    taken: list[_Match] = []
    for match in sorted(matches, key=lambda m: (-m.size, m.source, m.start)):
        if match.size >= MIN_WORDS and all(match.end <= t.start or match.start >= t.end for t in taken):
            taken.append(match)
    return sorted(taken, key=lambda m: m.start)


def _snap(body: str, start: int, end: int) -> tuple[int, int]:
    """Widen a quote to whole lines when only punctuation or quote marks lie beside it."""
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end
    if not _tokens(body[line_start:start]):
        start = line_start
    if not _tokens(body[end:line_end]):
        end = line_end
    return start, end


def _text_blocks(text: str) -> list[Block]:
    return [Paragraph(p.strip()) for p in _PARAGRAPH.split(text) if p.strip()]


def _score(words: list[str], source: list[str], match: _Match) -> float:
    quoted = " ".join(words[match.start : match.end])
    original = " ".join(source[match.source_start : match.source_end])
    return round(fuzz.ratio(quoted, original) / 100, 3)


def _join_adjacent(matches: list[_Match], scores: list[float]) -> list[tuple[_Match, float]]:
    """One quote block for back-to-back matches of one source: the quoter pasted them together,
    skipping only what the source itself quoted from elsewhere."""
    joined: list[tuple[_Match, float]] = []
    for match, score in zip(matches, scores):
        if joined and joined[-1][0].source == match.source and joined[-1][0].end == match.start:
            last, last_score = joined[-1]
            size = last.size + match.size
            merged = _Match(last.source, last.start, match.end, last.source_start, match.source_end)
            joined[-1] = (merged, round((last_score * last.size + score * match.size) / size, 3))
        else:
            joined.append((match, score))
    return joined


def _unmarked(text: str, posts: Sequence[Post], index: _SourceIndex) -> tuple[list[Block], list[_Token], list[bool]]:
    """Blocks of a run of the post's own text with the quotes its copy lost found again."""
    tokens = _tokens(text)
    words = [t.word for t in tokens]
    matches = _merge(index.candidates(words))
    for match in matches:
        _extend(match, text, tokens, index)
        _trim(match, text, tokens)
    chosen = _choose(matches)
    scores = [_score(words, index.words[m.source], m) for m in chosen]
    blocks: list[Block] = []
    own = [True] * len(tokens)
    cursor = 0
    for match, score in _join_adjacent(chosen, scores):
        start, end = _snap(text, tokens[match.start].start, tokens[match.end - 1].end)
        start = max(start, cursor)
        blocks.extend(_text_blocks(text[cursor:start]))
        source = posts[match.source]
        blocks.append(Quote(text[start:end].strip(), source.index, source.author.label, score))
        own[match.start : match.end] = [False] * match.size
        cursor = end
    blocks.extend(_text_blocks(text[cursor:]))
    return blocks, tokens, own


def _marked(quote: Quote, posts: Sequence[Post], index: _SourceIndex) -> tuple[Quote, list[_Token]]:
    """A quote the page marked, credited to the earliest earlier post that holds most of its words
    (a post of the named author first)."""
    tokens = _tokens(quote.text)
    best: tuple | None = None
    for match in _merge(index.candidates([t.word for t in tokens])):
        source = posts[match.source]
        by_author = quote.source_author is not None and quote.source_author in (source.author.name, source.author.label)
        key = (not by_author, -match.size, match.source)
        if best is None or key < best[0]:
            best = (key, match)
    if best is None:
        return quote, tokens
    match = best[1]
    source = posts[match.source]
    score = _score([t.word for t in tokens], index.words[match.source], match)
    return replace(quote, source=source.index, source_author=quote.source_author or source.author.label, score=score), tokens


def _rebuild(post: Post, posts: Sequence[Post], index: _SourceIndex) -> tuple[Post, list[_Token], list[bool]]:
    """One post with its quotes found; also its words and which of them the author wrote."""
    if not any(isinstance(block, Quote) for block in post.blocks):
        blocks, tokens, own = _unmarked("\n\n".join(block.text for block in post.blocks), posts, index)
        return replace(post, blocks=tuple(blocks)), tokens, own
    blocks, tokens, own = [], [], []
    for block in post.blocks:
        if isinstance(block, Quote):
            if block.source is None:
                block, quote_tokens = _marked(block, posts, index)
            else:
                quote_tokens = _tokens(block.text)
            blocks.append(block)
            tokens += quote_tokens
            own += [False] * len(quote_tokens)
        else:
            found, run_tokens, run_own = _unmarked(block.text, posts, index)
            blocks += found
            tokens += run_tokens
            own += run_own
    return replace(post, blocks=tuple(blocks)), tokens, own


def reconstruct_quotes(posts: Sequence[Post]) -> tuple[Post, ...]:
    """The posts with every run of words repeated from an earlier post made a Quote of its source.

    Freshly parsed posts hold one Paragraph block, or the page's own paragraphs and marked quotes
    (Quote blocks with no source yet): marked quotes are credited to the post that first wrote
    their words, and lost quotes are found in the paragraphs. Pure: the input is not changed.
    """
    index = _SourceIndex()
    result: list[Post] = []
    for post in posts:
        rebuilt, tokens, own = _rebuild(post, posts, index)
        index.add(len(result), tokens, own)
        result.append(rebuilt)
    return tuple(result)
