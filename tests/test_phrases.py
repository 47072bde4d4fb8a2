"""Phrases checked over every candidate at once match the rule checked one document at a time."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.formats import Characters, Positions

from index.search import phrases

# A document's positions of one word: sorted, distinct, sometimes none, sometimes past a pickle's
# one-byte and two-byte numbers.
_positions = st.lists(st.one_of(st.integers(0, 40), st.integers(0, 70_000)), max_size=12, unique=True).map(sorted)


def _postings(format_, documents: list[list[list[int]]], word: int) -> tuple:
    """One word's (ids, weights, encoded values) over `documents` (each: its words' positions)."""
    ids = np.arange(len(documents), dtype=np.int64) * 3  # ids of a segment, not 0..n
    values = [format_.encode(words[word]) for words in documents]
    return ids, np.ones(len(documents)), values


@given(st.lists(st.lists(_positions, min_size=3, max_size=3), min_size=1, max_size=60),
       st.integers(1, 3), st.integers(1, 5), st.booleans())
@settings(max_examples=200)
def test_every_candidate_at_once_is_each_one_by_one(documents, length, slop, repeat):
    format_ = Positions()
    order = [0, 0, 1][:length + 1] if repeat else list(range(length))  # "a a b": a word twice
    words = [_postings(format_, documents, word) for word in order]
    ids = words[0][0]
    mask = phrases.holding(format_, words, ids, slop)
    expected = [phrases.in_order([document[word] for word in order], slop) for document in documents]
    assert mask.tolist() == expected


@given(st.lists(_positions, max_size=30))
def test_values_read_at_once_are_whooshs_positions(lists):
    format_ = Positions()
    encoded = [format_.encode(positions) for positions in lists]
    counts, flat = phrases.positions(format_, encoded)
    assert counts.tolist() == [len(positions) for positions in lists]
    assert flat.tolist() == [p for value in encoded for p in format_.decode_positions(value)]


def test_values_it_cannot_read_at_once_are_read_one_by_one():
    characters = Characters()
    encoded = [characters.encode([(1, 0, 3), (2, 4, 7)]), characters.encode([(5, 9, 12)])]
    assert phrases.positions(characters, encoded) is None
    words = [(np.array([4, 8]), np.ones(2), encoded), (np.array([4, 8]), np.ones(2), encoded)]
    assert phrases.holding(characters, words, np.array([4, 8]), 1).tolist() == [True, False]  # 1 then 2; 5 alone
    assert phrases.positions(Positions(), [b"\x00\x00\x00\x01not a pickle"]) is None


@given(st.lists(st.integers(0, 2 ** 40), max_size=40), st.booleans())
def test_keys_are_made_ascending_and_distinct_as_numpy_unique_makes_them(keys, presorted):
    keys = np.array(sorted(keys) if presorted else keys, dtype=np.int64)
    assert phrases._ascending(keys).tolist() == np.unique(keys).tolist()
