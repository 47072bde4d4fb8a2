"""The quote candidate index: winnowed word shingles of what earlier posts' authors wrote, in bounded memory."""

from __future__ import annotations

from array import array
from collections import deque
from itertools import compress

import numpy as np

SHINGLE = 4  # words per hashed shingle
# Winnowing keeps the smallest hash of every WINDOW shingles in a row, so any run of
# SHINGLE + WINDOW - 1 = 7 words that two posts share holds a shingle both have indexed.
WINDOW = 4
COMMON = 64  # a shingle indexed this often is a stock phrase: no evidence of a quote
BUFFER = 1 << 14  # entries held in a dict until they are sorted into a segment
SEGMENT_MAX = 1 << 20  # segments are merged up to this size, so a merge never copies much
CAP = 6 << 20  # entries kept at most (16 bytes each); past it the oldest posts' entries go
POST_BITS = 24  # a location is post << POST_BITS | word position
_MIX = tuple(np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93))
_NONE = np.uint64(2**64 - 1)
_29, _31, _32 = np.uint64(29), np.uint64(31), np.uint64(32)


def _words(ids) -> np.ndarray:
    """Word ids as uint64 (through a 32-bit array: a list of ints converts several times faster so)."""
    if isinstance(ids, np.ndarray):
        return ids.astype(np.uint64, copy=False)
    if not isinstance(ids, array):
        ids = array("I", ids)
    return np.frombuffer(ids, dtype=np.uint32).astype(np.uint64)


def hashes(ids) -> np.ndarray:
    """One 64-bit hash per SHINGLE consecutive word ids; a shingle with an id 0 (words the
    author did not write) hashes to _NONE."""
    words = _words(ids)
    h = _mixed(words)
    return _gaps(h, words) if len(h) and 0 in ids else h


def hashes_of_runs(runs: list[list[int]]) -> list[np.ndarray]:
    """hashes() of each run of ids, made in one pass over them all: each run's are a view of the
    hashes of the runs end to end (the shingles that span two runs left out)."""
    joined = array("I")
    for ids in runs:
        joined.extend(ids)
    words = _words(joined)
    h = _mixed(words)
    if len(h) and 0 in joined:
        _gaps(h, words)
    out, at, empty = [], 0, np.empty(0, dtype=np.uint64)
    for ids in runs:
        n = len(ids) - SHINGLE + 1
        out.append(h[at : at + n] if n > 0 else empty)
        at += len(ids)
    return out


def _mixed(words: np.ndarray) -> np.ndarray:
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    h = words[:n] * _MIX[0]
    step = np.empty_like(h)
    for k in range(1, SHINGLE):
        np.right_shift(h, _29, out=step)
        h ^= step
        np.multiply(words[k : k + n], _MIX[k], out=step)
        h += step
    np.right_shift(h, _31, out=step)
    h ^= step
    h *= _MIX[1]
    np.right_shift(h, _32, out=step)
    h ^= step
    return h


def without_gaps(h: np.ndarray, ids) -> np.ndarray:
    """The hashes with every shingle that holds an id 0 made _NONE (h: hashes of ids without zeros,
    changed in place)."""
    if len(h) and 0 in ids:
        return _gaps(h, np.frombuffer(ids, dtype=np.uint32) if isinstance(ids, array) else _words(ids))
    return h


def _gaps(h: np.ndarray, words: np.ndarray) -> np.ndarray:
    zero = words == 0
    n = len(h)
    gaps = zero[:n].copy()
    for k in range(1, SHINGLE):
        gaps |= zero[k : k + n]
    h[gaps] = _NONE
    return h


def winnow(h: np.ndarray) -> np.ndarray:
    """Positions of the shingles winnowing keeps: each window's smallest hash (never _NONE)."""
    if len(h) <= WINDOW:
        chosen = np.zeros(len(h), dtype=bool)
        if len(h):
            chosen[int(h.argmin())] = True
        return np.flatnonzero(chosen & (h != _NONE))
    # A shingle is kept when it is the least of some window holding it: when it equals the greatest
    # of the minima of the windows around it (each of those minima is at most the shingle's hash).
    n = len(h) - WINDOW + 1
    pad = WINDOW - 1
    least = np.zeros(n + 2 * pad, dtype=np.uint64)  # 0: no window there, never the greatest
    middle = least[pad : pad + n]
    np.minimum(h[:n], h[1 : n + 1], out=middle)
    for offset in range(2, WINDOW):
        np.minimum(middle, h[offset : offset + n], out=middle)
    around = least[: len(h)].copy()
    for offset in range(1, WINDOW):
        np.maximum(around, least[offset : offset + len(h)], out=around)
    return np.flatnonzero((around == h) & (h != _NONE))


def _held(keys: list[int], pending: dict[int, int]) -> list[int]:
    """The places of the keys that pending holds (the look-ups made in C: most keys are not there)."""
    return list(compress(range(len(keys)), map(pending.__contains__, keys)))


class _Segment:
    """Entries sorted by hash; among equal hashes, in the order the posts came."""

    def __init__(self, keys: np.ndarray, values: np.ndarray, first_post: int) -> None:
        order = np.argsort(keys, kind="stable")
        self.keys, self.values, self.first_post = keys[order], values[order], first_post

    def __len__(self) -> int:
        return len(self.keys)


class ShingleIndex:
    """Where each earlier post's own words are, and the words themselves as compact id arrays."""

    def __init__(self) -> None:
        self.segments: list[_Segment] = []
        self.pending: dict[int, int] = {}  # hash -> first location, for entries not yet in a segment
        self.pending_keys: list[int] = []
        self.pending_values: list[int] = []
        self.pending_first = 0
        self.own: dict[int, array] = {}  # post -> its word ids, 0 where it quoted someone
        self.forgotten = 0  # posts before this one are out of the index

    def add(self, post: int, ids: list[int], h: np.ndarray | None = None) -> None:
        """Indexes a post's words; ids hold 0 where the post quoted someone else. h, when given:
        the hashes of the same words before any was zeroed (seeds() had them), used up here."""
        own = self.own[post] = array("I", ids)
        h = hashes(own) if h is None else without_gaps(h, own)
        where = winnow(h)
        if not len(where):
            return
        if not self.pending_keys:
            self.pending_first = post
        if len(h) > 1 << POST_BITS:  # words past what a location holds are not indexed
            where = where[where < (1 << POST_BITS)]
        keys = h[where].tolist()
        values = (where + (post << POST_BITS)).tolist()
        deque(map(self.pending.setdefault, keys, values), maxlen=0)  # the first writer stays
        self.pending_keys += keys
        self.pending_values += values
        if len(self.pending_keys) >= BUFFER:
            self._flush()

    def _flush(self) -> None:
        keys = np.array(self.pending_keys, dtype=np.uint64)
        values = np.array(self.pending_values, dtype=np.int64)
        self.segments.append(_Segment(keys, values, self.pending_first))
        self.pending, self.pending_keys, self.pending_values = {}, [], []
        segments = self.segments
        while len(segments) >= 2 and len(segments[-2]) < 2 * len(segments[-1]) and \
                len(segments[-2]) + len(segments[-1]) <= SEGMENT_MAX:
            newer, older = segments.pop(), segments.pop()
            segments.append(_Segment(np.concatenate((older.keys, newer.keys)),
                                     np.concatenate((older.values, newer.values)), older.first_post))
        while sum(len(s) for s in segments) > CAP and len(segments) > 1:
            segments.pop(0)
            self._forget(segments[0].first_post)

    def _forget(self, before: int) -> None:
        """Drops the words of posts that no indexed entry points to any more."""
        for post in range(self.forgotten, before):
            self.own.pop(post, None)
        self.forgotten = max(self.forgotten, before)

    def seeds(self, ids: list[int], h: np.ndarray | None = None) -> list[tuple[int, int, int]]:
        """(position in ids, source post, position there) for every shingle of ids that an
        earlier post wrote: its first writer, and its latest writer when that is another post
        (h: hashes(ids), when the caller has them). In the order of the position in ids."""
        h = hashes(ids) if h is None else h
        n = len(h)
        if not n:
            return []
        if not self.segments:
            return self._pending_seeds(h)
        first = np.full(n, -1, dtype=np.int64)
        last = np.full(n, -1, dtype=np.int64)
        count = np.zeros(n, dtype=np.int64)
        for segment in self.segments:
            low = segment.keys.searchsorted(h, "left")
            found = segment.keys[np.minimum(low, len(segment) - 1)] == h
            if not found.any():
                continue
            where = np.flatnonzero(found)
            high = segment.keys.searchsorted(h[where], "right")
            first[where] = np.where(first[where] < 0, segment.values[low[where]], first[where])
            last[where] = segment.values[high - 1]
            count[where] += high - low[where]
        hits = np.flatnonzero(count).tolist()
        firsts, lasts, counts = first.tolist(), last.tolist(), count.tolist()
        if self.pending:
            keys = h.tolist()
            pending = self.pending
            for i in _held(keys, pending):
                value = pending[keys[i]]
                if counts[i] == 0:
                    hits.append(i)
                    firsts[i] = value
                lasts[i] = value
                counts[i] += 1
            hits = sorted(set(hits))
        return self._seeds(hits, firsts, lasts, counts)

    def _pending_seeds(self, h: np.ndarray) -> list[tuple[int, int, int]]:
        """seeds() while every entry is still pending (a thread of a few hundred posts)."""
        pending = self.pending
        if not pending:
            return []
        mask = (1 << POST_BITS) - 1
        keys = h.tolist()
        return [(i, value >> POST_BITS, value & mask) for i in _held(keys, pending) for value in (pending[keys[i]],)]

    @staticmethod
    def _seeds(hits: list[int], firsts: list[int], lasts: list[int], counts: list[int]) -> list[tuple[int, int, int]]:
        mask = (1 << POST_BITS) - 1
        out = []
        for i in hits:
            if counts[i] > COMMON:
                continue
            out.append((i, firsts[i] >> POST_BITS, firsts[i] & mask))
            if lasts[i] != firsts[i]:
                out.append((i, lasts[i] >> POST_BITS, lasts[i] & mask))
        return out
