"""Every fact of ../shared/seeds/gold.json holds for the parsed seed transcripts."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from index.threads.read import read_thread
from index.model import Thread

GOLD_PATH = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "gold.json"
ABSENT = pytest.mark.skip(reason=f"seed ground truth not found at {GOLD_PATH}")
DIALECTS = {"historum": "historum", "xenforo-bare": "xenforo", "moviechat": "moviechat"}


def _gold_threads() -> list:
    if not GOLD_PATH.is_file():
        return [pytest.param(None, marks=ABSENT, id="no-seeds")]
    threads = json.loads(GOLD_PATH.read_text(encoding="utf-8"))["threads"]
    return [pytest.param(t, id=t["file"][:3]) for t in threads]


def _gold_posts() -> list:
    if not GOLD_PATH.is_file():
        return [pytest.param(None, None, marks=ABSENT, id="no-seeds")]
    threads = json.loads(GOLD_PATH.read_text(encoding="utf-8"))["threads"]
    return [pytest.param(t, p, id=f"{t['file'][:3]}-post{p['index']}") for t in threads for p in t["posts"]]


@cache
def parsed(file: str) -> Thread:
    return read_thread(GOLD_PATH.parent / file)


@pytest.mark.parametrize("gold_thread", _gold_threads())
def test_thread_title_forum_dialect_and_count(gold_thread):
    thread = parsed(gold_thread["file"])
    assert thread.title == gold_thread["title"]
    assert thread.forum == gold_thread["forum"]
    assert thread.post_count == gold_thread["post_count"]
    expected = next(ours for key, ours in DIALECTS.items() if key in gold_thread["dialect"].lower())
    assert thread.dialect == expected
    assert thread.notes == ()


@pytest.mark.parametrize("gold_thread", _gold_threads())
def test_trailing_chrome_is_dropped(gold_thread):
    last = parsed(gold_thread["file"]).posts[-1]
    for chrome in gold_thread.get("trailing_chrome", []):
        assert not last.own_text.rstrip().endswith(chrome)
        assert all(chrome not in block.text.splitlines() for block in last.blocks)


@pytest.mark.parametrize("gold_thread", _gold_threads())
def test_same_author_exactly_where_gold_links_posts(gold_thread):
    thread = parsed(gold_thread["file"])
    group = list(range(len(gold_thread["posts"])))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    names: dict[str, int] = {}
    for post in gold_thread["posts"]:
        i = post["index"]
        if "same_author_as" in post:
            group[root(i)] = root(post["same_author_as"])
        if post.get("author"):
            group[root(i)] = root(names.setdefault(post["author"], i))
    for i, a in enumerate(thread.posts):
        for j, b in enumerate(thread.posts[:i]):
            assert (a.author.key == b.author.key) == (root(i) == root(j)), (j, i)


@pytest.mark.parametrize("gold_thread, gold_post", _gold_posts())
def test_post_headers(gold_thread, gold_post):
    post = parsed(gold_thread["file"]).posts[gold_post["index"]]
    assert post.index == gold_post["index"]
    assert post.author.name == gold_post.get("author")
    if post.author.name:
        assert post.author.label == post.author.name
    for field, ours in (("number", post.number), ("rank", post.rank), ("joined", post.joined),
                        ("posts", post.post_count), ("location", post.location)):
        assert ours == gold_post.get(field), field
    assert post.edited == gold_post.get("edited", False)
    assert list(post.likes) == gold_post.get("likes", [])


@pytest.mark.parametrize("gold_thread, gold_post", _gold_posts())
def test_post_starts_and_signature(gold_thread, gold_post):
    post = parsed(gold_thread["file"]).posts[gold_post["index"]]
    assert post.own_text.startswith(gold_post["starts"])
    if "signature" in gold_post:
        assert post.signature == gold_post["signature"]
        assert gold_post["signature"] not in post.own_text
    elif "signature_optional" in gold_post:
        optional = gold_post["signature_optional"]
        assert post.signature == optional or (post.signature is None and optional in post.own_text)
    else:
        assert post.signature is None
    for name in gold_post.get("mentions", []):
        assert name in post.mentions


@pytest.mark.parametrize("gold_thread, gold_post", _gold_posts())
def test_quotes_sources_and_starts(gold_thread, gold_post):
    thread = parsed(gold_thread["file"])
    post = thread.posts[gold_post["index"]]
    expected = gold_post.get("quotes", [])
    assert [q.source for q in post.quotes] == [q["source"] for q in expected]
    for quote, truth in zip(post.quotes, expected):
        assert quote.text.startswith(truth["starts"])
        assert quote.source_author == thread.posts[truth["source"]].author.label
        assert 0.9 <= quote.score <= 1.0
        if quote.score == 1.0:
            assert _words(quote.text) in _words(thread.posts[quote.source].own_text)


def _words(text: str) -> str:
    return " ".join(text.split())


def _seed(prefix: str) -> Thread:
    if not GOLD_PATH.is_file():
        pytest.skip(f"seed ground truth not found at {GOLD_PATH}")
    return parsed(next(p.name for p in GOLD_PATH.parent.glob(prefix + "_*.txt")))


def test_two_paragraph_quote_stays_one_block():
    quote = _seed("001").posts[7].quotes[0]
    assert quote.text.count("\n\n") == 1
    assert quote.text.rstrip().endswith("backed by alledged documents.")


def test_quote_of_part_of_a_paragraph():
    thread = _seed("001")
    quote = thread.posts[16].quotes[0]
    paragraph = next(b.text for b in thread.posts[15].blocks if quote.text[:40] in b.text)
    assert len(paragraph) > len(quote.text) and not paragraph.startswith(quote.text[:40])


def test_fuzzy_quote_keeps_the_quoters_words_and_a_lower_score():
    quote = _seed("001").posts[11].quotes[0]
    assert "Hitler could," in quote.text and "coulld" not in quote.text
    assert quote.text.endswith("or would it not?")
    assert 0.9 <= quote.score < 1.0


def test_book_citations_are_not_quotes():
    post = _seed("000").posts[7]
    assert post.quotes == ()
    assert '"The British wanted Soviet assistance' in post.own_text
