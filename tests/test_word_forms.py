"""Words are found in their other forms (Porter stems) and phrases hold every word, short ones too."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library.store import Library

POSTS = [
    "We were running late and the ferry had stopped.",
    "I think you are wrong about the ferry.",
    "I really think you are right, and I shopped there.",
    "To be or not to be, said the man at the quay.",
]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms")
    source = root / "thread.txt"
    source.write_text("Word forms\n-----\n" + "\n-----\n".join(POSTS) + "\n", encoding="utf-8")
    opened = Library.open(root / "library")
    opened.import_paths([source])
    yield opened
    opened.close()


def _found(library: Library, query: str) -> set[int]:
    page = library.search(query, pagelen=100)
    return {hit.post_index for group in page.results for hit in group.hits}


@pytest.mark.parametrize("query, posts", [
    ("run", {0}),  # "running": the doubled letter goes with the ending
    ("stop", {0}),
    ("shop", {2}),
    ("shopping", {2}),
])
def test_a_word_finds_its_other_forms(library, query, posts):
    assert _found(library, query) == posts


@pytest.mark.parametrize("query, posts", [
    ('"I think you"', {1}),  # not post 2, where "really" stands between
    ('"to be or not to be"', {3}),
    ('"at the quay"', {3}),
    ('"the man"', {3}),
])
def test_a_phrase_holds_every_word_short_or_common(library, query, posts):
    assert _found(library, query) == posts


def test_a_common_word_alone_is_searched(library):
    assert _found(library, "the") == {0, 1, 3}


def test_a_snippet_shows_where_the_phrase_is_not_a_run_of_its_common_word():
    from index.library.schema import LibrarySchema
    from index.search.snippets import snippet

    text = ("I went, I saw, I came back, and I said so. " * 10) + "Later on I think the ferry was late. " + "x " * 200
    snip, spans, _ = snippet(LibrarySchema()["own"].analyzer, [(text, frozenset({"i", "think"}))])
    assert "I think" in snip
    assert any(snip[s:e] == "think" for s, e in spans)
