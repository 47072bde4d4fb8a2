"""Matches and scores read from posting lists as arrays are exactly what Whoosh's own matchers give."""

from __future__ import annotations

import numpy as np
import pytest

from index.search import docsets
from index.search.query import expand, parse

QUERIES = ["stalin", "soviet stalin", "soviet OR hitler", "soviet NOT hitler", "(soviet OR stalin) hitler",
           "stal*", "soveit~2", '"mutual distrust"', "title:stalin", "own:soviet quoted:stalin", "zzzqqq"]


@pytest.mark.parametrize("text", QUERIES)
def test_scored_matches_are_whooshs_own(built_library, text):
    catalog = built_library._stored
    searcher = catalog.searcher
    query = expand(parse(text)[0], searcher.reader(), catalog.cache)
    ids, scores = docsets.scored(searcher, query, {})
    walked_ids, walked_scores = docsets._walked(searcher, query)
    assert np.array_equal(ids, walked_ids)
    assert np.array_equal(scores, walked_scores), "the same floats, added in the same order"


def test_plain_words_are_read_from_posting_lists_not_walked(built_library, monkeypatch):
    catalog = built_library._stored

    def refuse(*_):
        raise AssertionError("walked")

    monkeypatch.setattr(docsets, "_walked", refuse)
    query = expand(parse("(soviet OR stalin) NOT hitler stal*")[0], catalog.searcher.reader(), catalog.cache)
    ids, scores = docsets.scored(catalog.searcher, query, {})
    assert len(ids) == len(scores) > 0
