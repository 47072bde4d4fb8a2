"""Whether a document holds a phrase, from its words' positions, decoded only for the documents holding every word."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np


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
    (a boolean mask); `words` are each word's (ids, weights, encoded values) in the phrase's order."""
    at = [np.searchsorted(word_ids, ids).tolist() for word_ids, _, _ in words]
    decode = format_.decode_positions
    return np.fromiter((in_order([decode(values[where[i]]) for (_, _, values), where in zip(words, at)], slop)
                        for i in range(len(ids))), dtype=bool, count=len(ids))
