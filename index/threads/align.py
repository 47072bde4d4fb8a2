"""Aligning a reply's words with an earlier post's: seeds grown over typos, small edits and "..." cuts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from rapidfuzz import fuzz

SIMILAR = 75  # rapidfuzz ratio at which two words count as the same word mistyped
EDGE_TYPO = 5  # a mistyped word at a quote's edge must be this long: short words look alike by chance
MAX_SKIP = 400  # words of the source a "..." in a quote may stand for
RESYNC = 3  # words that must agree again after a "..." cut


@dataclass
class Match:
    source: int
    start: int  # word range in the quoting text
    end: int
    source_start: int  # word range in the source post
    source_end: int
    aligned: float  # words that agree, a mistyped word counting by its similarity

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def score(self) -> float:
        return round(min(1.0, self.aligned / self.size), 3) if self.size else 0.0


def similarity(a: str, b: str) -> float:
    """How alike two different words are (0 = unrelated); numbers never count as typos."""
    if min(len(a), len(b)) < 3 or not (a.isalpha() and b.isalpha()):
        return 0.0
    ratio = fuzz.ratio(a, b)
    return ratio / 100 if ratio >= SIMILAR else 0.0


class Aligner:
    """Grows seeds into matches between a reply's word ids and a source's (0 = not the source's own)."""

    def __init__(self, words: Sequence[str], query: Sequence[int], cut_before: Callable[[int], bool]):
        self.words = words  # id -> word
        self.query = query
        self.cut_before = cut_before  # True when the reply's text has "..." just before word i

    def grow(self, source_post: int, source: Sequence[int], i: int, j: int) -> Match | None:
        """The match around a shared shingle at query word i and source word j, or None if the
        shingle's words differ (a hash collision)."""
        query = self.query
        if tuple(query[i : i + 4]) != tuple(source[j : j + 4]) or 0 in source[j : j + 4]:
            return None
        end, source_end, right = self._walk(source, i + 4, j + 4, 1)
        start, source_start, left = self._walk(source, i - 1, j - 1, -1)
        return Match(source_post, start + 1, end, source_start + 1, source_end, 4 + right + left)

    def _walk(self, source: Sequence[int], i: int, j: int, step: int) -> tuple[int, int, float]:
        """How far the two texts keep agreeing from (i, j) in direction step: the positions just
        past the last agreeing words, and how many words agreed."""
        query, words = self.query, self.words
        nq, ns = len(query), len(source)
        aligned = 0.0
        good = (i, j, 0.0)

        def same(a: int, b: int) -> bool:
            return 0 <= a < nq and 0 <= b < ns and query[a] == source[b] != 0

        while 0 <= i < nq and 0 <= j < ns and source[j]:
            q, s = query[i], source[j]
            if q == s:
                aligned += 1
                i, j = i + step, j + step
                good = (i, j, aligned)
                continue
            alike = similarity(words[q], words[s])
            if alike and (same(i + step, j + step) or min(len(words[q]), len(words[s])) >= EDGE_TYPO):
                aligned += alike
                i, j = i + step, j + step
                if same(i, j) or min(len(words[q]), len(words[s])) >= EDGE_TYPO:
                    good = (i, j, aligned)
                continue
            if same(i + step, j) and same(i + 2 * step, j + step):  # the quoter added a word
                i += step
                continue
            if same(i, j + step) and same(i + step, j + 2 * step):  # the quoter left one out
                j += step
                continue
            gap = i if step == 1 else i + 1
            if self.cut_before(gap):
                found = self._resync(source, i, j, step)
                if found is not None:
                    j = found
                    continue
            break
        return good

    def _resync(self, source: Sequence[int], i: int, j: int, step: int) -> int | None:
        """Where in the source the quote goes on after a "..." cut: the next RESYNC words agree."""
        want = [self.query[i + k * step] for k in range(RESYNC) if 0 <= i + k * step < len(self.query)]
        if len(want) < RESYNC:
            return None
        for distance in range(1, MAX_SKIP):
            at = j + distance * step
            if not 0 <= at < len(source) or not source[at]:
                return None
            if all(0 <= at + k * step < len(source) and source[at + k * step] == w for k, w in enumerate(want)):
                return at
        return None


def choose(matches: list[Match], minimum: int) -> list[Match]:
    """Non-overlapping matches, most aligned words first; on a tie the earliest post wrote them
    first. A match overlapping a better one keeps its free part if that is still long enough."""
    taken: list[Match] = []
    for match in sorted(matches, key=lambda m: (-m.aligned, m.source, m.start)):
        start, end = match.start, match.end
        for other in taken:
            if other.start <= start < other.end:
                start = other.end
            if other.start < end <= other.end:
                end = other.start
        if end - start < minimum or any(start < o.end and o.start < end for o in taken):
            continue
        if (start, end) != (match.start, match.end):
            shift_start, shift_end = start - match.start, match.end - end
            match = Match(match.source, start, end, match.source_start + shift_start,
                          match.source_end - shift_end, match.aligned * (end - start) / match.size)
        taken.append(match)
    return sorted(taken, key=lambda m: m.start)
