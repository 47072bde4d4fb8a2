"""Whether a document holds a phrase, from its words' positions, decoded only for the documents holding every word."""

from __future__ import annotations

import pickle
from bisect import bisect_left
from itertools import chain

import numpy as np
from whoosh.formats import Positions

_SHIFT = 32  # a position's key: its candidate's number above, the position below
_PROTOCOL_2 = b"\x80\x02"
_FEW = 16  # candidates checked one by one: cheaper than the array calls below


def in_order(words: list[list[int]], slop: int) -> bool:
    """Whoosh's phrase rule (SpanNear2, ordered, mindist 1) over one document: each next word
    1 to `slop` positions after the span matched so far."""
    spans = {(p, p) for p in words[0]}
    for later in words[1:]:
        grown = set()
        for start, end in spans:
            for position in later[bisect_left(later, start):]:
                if position > end + slop:
                    break
                if position > end:  # a word inside the span is at distance 0: never a match
                    grown.add((start, position))
        if not grown:
            return False
        spans = grown
    return bool(spans)


def holding(format_, words: list[tuple], ids: np.ndarray, slop: int) -> np.ndarray:
    """Which of the candidate documents `ids` (each holding every word) hold the words as a phrase
    (a boolean mask); `words` are each word's (ids, weights, encoded values) in the phrase's order.

    in_order's rule over every candidate at once: only where a span ends matters for the next word,
    so each word keeps the positions 1 to `slop` after an end of the words before it (a common
    word's thousands of documents were most of a phrase's time, one Python loop each)."""
    if len(ids) <= _FEW or slop >= 2 ** 31:
        return _one_by_one(format_, words, ids, slop)
    alive = np.arange(len(ids))  # the candidates still holding the words so far in order
    ends = None
    for word_ids, _, values in words:
        at = np.searchsorted(word_ids, ids[alive]).tolist()
        found = positions(format_, [values[i] for i in at])
        if found is None:
            return _one_by_one(format_, words, ids, slop)
        counts, flat = found
        keys = _ascending((np.repeat(alive, counts) << _SHIFT) | flat)
        if ends is not None:
            before = np.searchsorted(ends, keys) - 1  # the greatest end before each position
            near = before >= 0
            near[near] = keys[near] - ends[before[near]] <= slop  # a gap past a candidate's end is 2**32
            keys = keys[near]
        ends = keys
        alive = _ascending(ends >> _SHIFT)
        if not len(alive):
            break
    mask = np.zeros(len(ids), dtype=bool)
    mask[alive] = True
    return mask


def _ascending(keys: np.ndarray) -> np.ndarray:
    """np.unique of keys nearly always sorted already (a document's positions are), without its sort."""
    if len(keys) > 1 and not (keys[1:] >= keys[:-1]).all():
        keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


def positions(format_, encoded: list) -> tuple[np.ndarray, np.ndarray] | None:
    """(how many positions each value holds, every value's positions one after the other), or None
    for values this cannot read at once (another format, a position past 2**31)."""
    if type(format_).decode_positions is not Positions.decode_positions or not encoded:
        return None if encoded else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    deltas = _deltas(encoded)
    if deltas is None:
        return None
    counts = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
    flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=int(counts.sum()))
    total = np.concatenate(([0], np.cumsum(flat)))
    starts = np.cumsum(counts) - counts
    flat = total[1:] - np.repeat(total[starts], counts)
    if len(flat) and (flat.min() < 0 or flat.max() >= 2 ** 31):
        return None
    return counts, flat


def _deltas(encoded: list) -> list | None:
    """Each value's position deltas (Positions.encode: a count, then the pickled list), unpickled in
    one call: each pickle without its protocol header and stop is the list on the stack, and a mark
    before them and a LIST after collect them all (one loads per document cost more than the rest)."""
    bodies = []
    for value in encoded:
        if value[4:6] != _PROTOCOL_2:
            return None
        bodies.append(value[6:-1] if value.endswith(b".") else value[6:])  # whoosh may leave the stop out
    try:
        deltas = pickle.loads(_PROTOCOL_2 + b"(" + b"".join(bodies) + b"l.")
    except Exception:  # noqa: BLE001 - not the lists of numbers this expects: decoded one by one
        return None
    return deltas if type(deltas) is list and len(deltas) == len(encoded) else None


def _one_by_one(format_, words: list[tuple], ids: np.ndarray, slop: int) -> np.ndarray:
    at = [np.searchsorted(word_ids, ids).tolist() for word_ids, _, _ in words]
    decode = format_.decode_positions
    return np.fromiter((in_order([decode(values[where[i]]) for (_, _, values), where in zip(words, at)], slop)
                        for i in range(len(ids))), dtype=bool, count=len(ids))
