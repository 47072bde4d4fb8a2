"""Matches and scores read from posting lists as arrays are exactly what Whoosh's own matchers give."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.search import docsets, postings
from index.search.query import expand, parse

QUERIES = ['"soviet union"~3', 'own:"soviet union" stalin', "stalin", "soviet stalin", "soviet OR hitler", "soviet NOT hitler", "(soviet OR stalin) hitler",
           "stal*", "soveit~2", '"mutual distrust"', "title:stalin", "own:soviet quoted:stalin", "zzzqqq"]


@pytest.mark.parametrize("text", QUERIES)
def test_scored_matches_are_whooshs_own(built_library, text):
    catalog = built_library._stored
    searcher = catalog.searcher
    query = expand(parse(text)[0], searcher.reader(), catalog.cache)[0]
    ids, scores = docsets.scored(searcher, query, {})
    walked_ids, walked_scores = docsets._walked(searcher, query)
    assert np.array_equal(ids, walked_ids)
    assert np.array_equal(scores, walked_scores), "the same floats, added in the same order"


def _scored_without_walking(library, monkeypatch, text: str):
    """(ids, scores) of `text`, failing if docsets falls back to Whoosh's own match walk."""
    catalog = library._stored

    def refuse(*_):
        raise AssertionError("walked")

    monkeypatch.setattr(docsets, "_walked", refuse)
    query = expand(parse(text)[0], catalog.searcher.reader(), catalog.cache)[0]
    return docsets.scored(catalog.searcher, query, {})


def test_plain_words_are_read_from_posting_lists_not_walked(built_library, monkeypatch):
    ids, scores = _scored_without_walking(built_library, monkeypatch, "(soviet OR stalin) NOT hitler stal*")
    assert len(ids) == len(scores) > 0


def _post_words(catalog) -> list[list[str]]:
    from index.library.serialize import post_from_json

    searcher = catalog.searcher
    texts = [post_from_json(fields["data"]).own_text for fields in searcher.all_stored_fields() if fields.get("data")]
    return [words for words in (text.split() for text in texts) if len(words) >= 6]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_phrases_match_and_score_as_whooshs_own(built_library, data):
    """Phrases taken from posts (some with words swapped or a slop), in any field: the same
    documents and the same floats as Whoosh's positional matcher walking every document."""
    catalog = built_library._stored
    posts = _post_words(catalog)
    words = data.draw(st.sampled_from(posts))
    at = data.draw(st.integers(0, len(words) - 4))
    phrase = [w.strip('.,;:!?()"\'') for w in words[at:at + data.draw(st.integers(2, 4))]]
    if data.draw(st.booleans()):
        phrase[0], phrase[-1] = phrase[-1], phrase[0]
    field = data.draw(st.sampled_from(["", "", "own:", "quoted:"]))
    slop = data.draw(st.sampled_from(["", "", "~2", "~4"]))
    text = field + '"' + " ".join(phrase) + '"' + slop + data.draw(st.sampled_from(["", " soviet", " OR hitler"]))
    searcher = catalog.searcher
    query = expand(parse(text)[0], searcher.reader(), catalog.cache)[0]
    ids, scores = docsets.scored(searcher, query, {})
    walked_ids, walked_scores = docsets._walked(searcher, query)
    assert np.array_equal(ids, walked_ids), text
    assert np.array_equal(scores, walked_scores), text
    if not len(ids):  # (a phrase of stop words only is no phrase: "(…) NOT hitler" is then all but hitler)
        return
    # Not compared with Whoosh: its AndNot over a phrase keeps some documents holding the excluded word.
    without = expand(parse(f"({text}) NOT hitler")[0], searcher.reader(), catalog.cache)[0]
    hitler = docsets.scored(searcher, expand(parse("hitler")[0], searcher.reader(), catalog.cache)[0], {})[0]
    assert np.array_equal(docsets.scored(searcher, without, {})[0], np.setdiff1d(ids, hitler))


def test_phrases_are_read_from_positions_not_walked(built_library, monkeypatch):
    ids, _ = _scored_without_walking(built_library, monkeypatch, '"soviet union" OR "mutual distrust"~3')
    assert len(ids) > 0


def test_a_phrase_is_its_words_in_order_within_the_slop():
    from index.search.phrases import in_order

    assert in_order([[3, 9], [4]], 1)
    assert not in_order([[3], [5]], 1) and in_order([[3], [5]], 2)
    assert not in_order([[4], [3]], 5), "the words in the phrase's order"
    assert not in_order([[3], [3]], 1), "a word at the same place is no next word"
    assert in_order([[1], [2], [4]], 2) and not in_order([[1], [2], [5]], 2)


@given(st.lists(st.lists(st.integers(0, 50), max_size=12), min_size=1, max_size=4))
def test_the_union_of_document_ids_is_np_uniques(parts):
    arrays = [np.array(part, dtype=np.int64) for part in parts]
    assert np.array_equal(postings.union(arrays), np.unique(np.concatenate(arrays)))


def test_the_union_leaves_masked_arrays_unimported():
    import subprocess
    import sys

    code = ("import sys, numpy as np\n"
            "from index.search.postings import union\n"
            "union([np.array([3, 1], dtype=np.int64), np.array([1, 2], dtype=np.int64)])\n"
            "sys.exit('numpy.ma.core' in sys.modules)\n")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
