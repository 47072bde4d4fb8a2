"""Fuzzy words expand to exactly the words Whoosh would find, and `a NOT b` finds exactly a's posts without b."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whoosh.reading import IndexReader

from index.search.vocab import field_terms, within


def _posts(library, text: str) -> set[tuple[str, int]]:
    page = library.search(text, flat=True, pagelen=10_000)
    return {(group.thread.id, hit.post_index) for group in page.results for hit in group.hits if hit.author}


def _edited(word: str, at: int, letter: str, how: int) -> str:
    at %= len(word) + 1
    if how == 0:
        return word[:at] + letter + word[at:]
    if how == 1:
        return word[:at] + word[at + 1 :]
    if how == 2 and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + letter + word[at + 1 :]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzy_expansion_is_whooshs_own(built_library, data):
    reader = built_library.stored.searcher.reader()
    field = data.draw(st.sampled_from(["own", "quoted", "title"]))
    terms = field_terms(reader, field, None)
    word = _edited(data.draw(st.sampled_from(terms)), data.draw(st.integers(0, 20)),
                   data.draw(st.sampled_from("aeiostnrxé")), data.draw(st.integers(0, 3)))
    maxdist, prefix = data.draw(st.integers(1, 2)), data.draw(st.integers(0, 2))
    # Whoosh's documented answer (restricted Damerau-Levenshtein), as its reader of several segments
    # gives it; one segment's reader takes a shortcut that misses transpositions and can raise.
    whooshs = IndexReader.terms_within(reader, field, word, maxdist, prefix)
    assert set(within(terms, word, maxdist, prefix)) == set(whooshs)


def test_the_word_list_is_every_indexed_word_once(built_library):
    reader = built_library.stored.searcher.reader()
    cache: dict = {}
    terms = field_terms(reader, "own", cache)
    assert terms == sorted(set(terms)) and "soviet" in terms
    assert field_terms(reader, "own", cache) is terms


def test_not_removes_exactly_the_posts_with_the_other_word(built_library):
    both = _posts(built_library, "soviet")
    other = _posts(built_library, "hitler")
    without = _posts(built_library, "soviet NOT hitler")
    assert both and both & other, "the words must share posts for the test to mean something"
    assert without == both - other
    assert _posts(built_library, "(soviet OR stalin) NOT hitler") == (both | _posts(built_library, "stalin")) - other


def test_fuzzy_search_finds_the_posts_of_every_nearby_word(built_library):
    near = _posts(built_library, "soveit~2")
    assert near >= _posts(built_library, "soviet") and near


def test_two_swapped_letters_are_one_edit_for_did_you_mean():
    from index.search.suggest import Speller

    counts = {"peace": 9, "pace": 3, "uniform": 5, "unform": 1}
    speller = Speller(sorted(counts), lambda word: counts.get(word, 0))
    assert speller.suggest("paece") == "peace", "a five-letter word with two letters swapped"
    assert speller.suggest("unifrom") == "uniform", "the swap beats a rarer word one letter away"


def _speller_with_context(counts: dict[str, int], docs: dict[str, set[int]]):
    from index.search.suggest import Speller

    def shared(word, others):
        return len(set(docs.get(word, set())).intersection(*(docs.get(o, set()) for o in others)))

    return Speller(sorted(counts), lambda word: counts.get(word, 0), shared)


def test_did_you_mean_prefers_the_correction_found_with_the_querys_other_words():
    counts = {"istul": 50, "sitll": 1, "vandapai": 3, "army": 9}
    docs = {"istul": {1, 2, 3}, "sitll": {7}, "vandapai": {7, 8}, "army": {1, 7}}
    speller = _speller_with_context(counts, docs)
    assert speller.suggest("istll") == "istul", "alone, the commoner of two words one edit away"
    assert speller.suggest("istll vandapai") == "sitll vandapai", "the one that shares a post with the other word"
    # Both found with "army": the commoner wins again.
    assert speller.suggest("istll army") == "istul army"


def test_two_misspelt_words_are_corrected_beside_each_other():
    counts = {"istul": 50, "sitll": 1, "vandapai": 3, "vandapia": 30}
    docs = {"istul": {1}, "sitll": {7}, "vandapai": {7}, "vandapia": {2}}
    speller = _speller_with_context(counts, docs)
    assert speller.suggest("istll vandapaj") == "sitll vandapai"


def test_a_word_only_another_form_of_which_occurs_is_corrected_only_when_nothing_matched():
    counts = {"crate": 4, "cart": 9, "ragobos": 2}
    docs = {"crate": {5}, "cart": {1, 2}, "ragobos": {5}}
    speller = _speller_with_context(counts, docs)
    counts["carte"] = 9  # found through its stem, "cart": no post wrote "carte" itself
    assert speller.suggest("ragobos carte") is None
    assert speller.suggest("ragobos carte", found_nothing=True) == "ragobos crate"
    # Only to a word found beside the others: no guess for a word alone.
    assert speller.suggest("carte", found_nothing=True) is None
    assert speller.suggest("ragobos cart", found_nothing=True) is None, "a word the library has stays"
