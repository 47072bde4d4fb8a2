"""Quote reconstruction: find words of a post that repeat an earlier post and make them Quote blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from index.model import Block, Paragraph, Post, Quote
from index.threads.align import Aligner, Match, choose
from index.threads.changed import changed
from index.threads.runs import Runs
from index.threads.shingles import SHINGLE, ShingleIndex, hashes
from index.threads.short_quotes import SHORT, RecentPieces
from index.threads.words import TextRun as _Text
from index.threads.words import Vocabulary, few_words, has_word, phrase

MIN_WORDS = 8  # shorter repeats count only as whole short lines (short_quotes.py)
LONG_WORDS = 12  # a repeat shorter than this needs CONTENT_WORDS uncommon words: else a stock phrase
CONTENT_WORDS = 2
RARE_POSTS = 3  # a word held by at most this many earlier posts is rare in the thread
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# What is left of a quote's frame when a copy loses the markup: conventions of forum software.
_MARKER = re.compile(
    r"^\W*(?:quote\W*|(?:quote from|originally posted by|in reply to)\b.{0,60}|.{1,60}?\b(?:said|wrote)\s*:\s*)$",
    re.IGNORECASE,
)


@dataclass
class _Found:
    start: int  # word range in the text
    end: int
    source: int
    score: float


class _State:
    """What reconstruction knows of the posts before the current one."""

    def __init__(self, posts: Sequence[Post]) -> None:
        self.vocabulary = Vocabulary()
        self.index = ShingleIndex()
        self.pieces = RecentPieces(self.vocabulary)
        self.runs = Runs(posts, self.vocabulary)

    def matches(self, text: _Text) -> list[Match]:
        """Long repeats of earlier posts' own words, grown from shared shingles."""
        aligner = Aligner(self.vocabulary.words, text.ids, text.cut_before)
        found: list[Match] = []
        if text.hashes is None:
            text.hashes = hashes(text.ids)
        # Seeds come in the order of their place i, and a match grown from one spans it: of the
        # matches of a source, only the latest can hold a later seed (where it ends, by source).
        reach: dict[int, int] = {}
        for i, source, j in self.index.seeds(text.ids, text.hashes):
            if i < reach.get(source, 0):
                continue
            words = self.index.own.get(source)
            match = aligner.grow(source, words, i, j) if words is not None else None
            if match is not None and match.size >= MIN_WORDS and self._meaningful(text, match):
                found.append(match)
                reach[source] = match.end
        return found

    def _meaningful(self, text: _Text, match: Match) -> bool:
        """Long enough, or holding words rare enough, not to be a stock phrase: a shorter repeat
        needs two uncommon words, or one that few posts hold and a line of its own."""
        if match.size >= LONG_WORDS:
            return True
        common, held = self.vocabulary.common, self.vocabulary.posts_with
        content = [i for i in text.ids[match.start : match.end] if i not in common]
        if len(content) >= CONTENT_WORDS:
            return True
        starts_line = text.line_words[text.line_of(match.start)] == match.start
        return bool(content) and starts_line and min(held[i] for i in content) <= RARE_POSTS


def _edges(match: Match, text: _Text) -> Match:
    """The match with its ends on line ends where the reply's own words begin on a quoted line
    (the reply opens with the words the source had next) or an edited word cut it short."""
    first, last = text.line_of(match.start), text.line_of(match.end - 1)
    start, end = match.start, match.end
    first_a, first_b = text.line_words[first], text.line_words[first + 1]
    last_a, last_b = text.line_words[last], text.line_words[last + 1]
    if first == last:
        rest = (start - first_a) + (last_b - end)
        if 0 < rest <= 2 and end - start >= 3 * rest + 3:
            start, end = first_a, last_b
    else:
        after, on_last = last_b - end, end - last_a
        if after and on_last <= max(SHINGLE, after):
            end = last_a
        elif 0 < after <= 2 and on_last >= 3 * after + 3:
            end = last_b
        before, on_first = start - first_a, first_b - start
        if before and on_first <= max(SHINGLE, before):
            start = first_b
        elif 0 < before <= 2 and on_first >= 3 * before + 3:
            start = first_a
    if (start, end) == (match.start, match.end):
        return match
    kept = max(0, min(end, match.end) - max(start, match.start))
    aligned = match.aligned * kept / match.size
    return Match(match.source, start, end, match.source_start + (start - match.start),
                 match.source_end - (match.end - end), aligned)


def _short(text: _Text, taken: list[_Found], pieces: RecentPieces, post: int) -> list[_Found]:
    """Whole lines of a few words that repeat a recent post's line, sentence or clause and are answered."""
    raw = text.text.split("\n")
    worded = [n for n, line in enumerate(raw) if has_word(line)]
    # Only lines some recent post wrote are looked at closer (most posts have none).
    candidates = [n for n in worded[:-1] if few_words(raw[n], SHORT + 2)
                  and ((key := phrase(raw[n])) in pieces.posts or key in pieces.quoted)]
    if not candidates or not text.consistent:
        return []
    found = []
    words = text.line_words
    for n in candidates:
        a, b = words[n], words[n + 1]
        if b - a > SHORT or any(f.start < b and a < f.end for f in taken):
            continue
        hit = pieces.source(text.ids[a:b], post)
        if hit is not None:
            found.append(_Found(a, b, hit[0], hit[1]))
    return found


def _join(found: list[_Found]) -> list[_Found]:
    """One block for back-to-back quotes of one source: the quoter pasted them together."""
    joined: list[_Found] = []
    for f in sorted(found, key=lambda f: f.start):
        last = joined[-1] if joined else None
        if last is not None and last.source == f.source and last.end == f.start:
            size = f.end - last.start
            score = (last.score * (last.end - last.start) + f.score * (f.end - f.start)) / size
            joined[-1] = _Found(last.start, f.end, f.source, round(score, 3))
        else:
            joined.append(f)
    return joined


def _snap(body: str, start: int, end: int) -> tuple[int, int]:
    """Widen a quote to whole lines when only punctuation or quote marks lie beside it."""
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end
    if not any(c.isalnum() for c in body[line_start:start]):
        start = line_start
    if not any(c.isalnum() for c in body[end:line_end]):
        end = line_end
    return start, end


def _text_blocks(text: str) -> list[Block]:
    return [Paragraph(p.strip()) for p in _PARAGRAPH.split(text) if p.strip()]


def _unmarked(run: _Text, posts: Sequence[Post], state: _State, post: int) -> tuple[list[Block], list[int], object]:
    """Blocks of a run of the post's own text with the quotes its copy lost found again, the run's
    word ids with 0 for every quoted word, and the hashes of its shingles (shingles.hashes)."""
    text = run.text
    matches = state.matches(run)
    if matches and not run.consistent:
        matches = []
    long = [_edges(m, run) for m in choose(matches, MIN_WORDS)]
    found = [_Found(m.start, m.end, m.source, m.score) for m in long if m.size >= MIN_WORDS]
    found += _short(run, found, state.pieces, post)
    own = list(run.ids)
    blocks: list[Block] = []
    cursor = 0
    for f in _join(found):
        start, end = _snap(text, run.starts[f.start], run.ends[f.end - 1])
        line = run.line_of(f.start)
        if line and start == run.line_chars[line] and len(run.lines[line - 1].split()) <= 8 \
                and _MARKER.match(run.lines[line - 1].strip() or "-"):
            start = run.line_chars[line - 1]  # "Quote:", "NAME said:" left over from the markup
            own[run.line_words[line - 1] : f.start] = [0] * (f.start - run.line_words[line - 1])
        start = max(start, cursor)
        blocks.extend(_text_blocks(text[cursor:start]))
        source = posts[f.source]
        blocks.append(Quote(text[start:end].strip(), source.index, source.author.label, f.score))
        own[f.start : f.end] = [0] * (f.end - f.start)
        cursor = end
    blocks.extend(_text_blocks(text[cursor:]))
    return blocks, own, run.hashes


def _marked(quote: Quote, run: _Text, posts: Sequence[Post], state: _State) -> tuple[Quote, list[int]]:
    """A quote the page marked (run: its text's), credited to the earliest earlier post that holds
    most of its words (a post of the named author first)."""
    best: tuple | None = None
    for match in state.matches(run):
        source = posts[match.source]
        by_author = quote.source_author is not None and quote.source_author in (source.author.name, source.author.label)
        key = (not by_author, -match.aligned, match.source)
        if best is None or key < best[0]:
            best = (key, match.source, min(1.0, match.aligned / max(1, len(run.ids))))
    if best is None:
        holders = state.pieces.posts.get(phrase(quote.text))
        if not holders:
            return quote, run.ids
        best = (None, holders[0], 1.0)
    source = posts[best[1]]
    credited = replace(quote, source=source.index, source_author=quote.source_author or source.author.label,
                       score=round(best[2], 3))
    return credited, run.ids


def _rebuild(post: Post, posts: Sequence[Post], state: _State, index: int) -> tuple[Post, list[int], object]:
    """One post (the index-th) with its quotes found, its word ids with 0 for quoted words, and the
    hashes of its words' shingles when they are at hand (else None)."""
    runs = state.runs.next_post()  # one run of all its text, or one per block (runs.texts_of)
    if not any(isinstance(block, Quote) for block in post.blocks):
        blocks, own, shingles = _unmarked(runs[0], posts, state, index)
        return changed(post, blocks=tuple(blocks)), own, shingles
    blocks, own = [], []
    for block, run in zip(post.blocks, runs):
        if isinstance(block, Quote):
            ids = run.ids
            if block.source is None:
                block, ids = _marked(block, run, posts, state)
            blocks.append(block)
            own += [0] * len(ids)
        else:
            found, run_own, _ = _unmarked(run, posts, state, index)
            blocks += found
            own += run_own
    return changed(post, blocks=tuple(blocks)), own, None


def reconstruct_quotes(posts: Sequence[Post]) -> tuple[Post, ...]:
    """The posts with every run of words repeated from an earlier post made a Quote of its source.

    Freshly parsed posts hold one Paragraph block, or the page's own paragraphs and marked quotes
    (Quote blocks with no source yet): marked quotes are credited to the post that first wrote
    their words, and lost quotes are found in the paragraphs. Pure: the input is not changed.
    Memory stays bounded: the candidate index keeps compact hashes and forgets the oldest posts
    of a thread too long for it (shingles.CAP).
    """
    state = _State(posts)
    result: list[Post] = []
    for position, post in enumerate(posts):
        rebuilt, own, shingles = _rebuild(post, posts, state, position)
        state.index.add(position, own, shingles)
        state.vocabulary.count_post(own)
        state.pieces.add(position, [b.text for b in rebuilt.blocks if isinstance(b, Paragraph)],
                         [(b.text, b.source) for b in rebuilt.blocks if isinstance(b, Quote) and b.source is not None])
        result.append(rebuilt)
    return tuple(result)
