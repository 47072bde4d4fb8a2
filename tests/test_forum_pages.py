"""The real forum pages of ../shared/forum-pages, measured as its score.py measures them, against a floor.

Boundary recall: gold post starts (first 40 letters and digits, case folded) that begin a parsed post within
its first three non-blank lines, each parsed post taking one start at most. Count: pages whose parsed post
count is within 10% of the gold count. Author accuracy: gold posts with a printed author whose matched post
has that author. The pages are third-party text: read from ../shared, never copied here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from index.threads.decode import decode
from index.threads.dialects.common import clean_lines
from index.threads.read import read_thread

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "forum-pages"
PROBE = 40
# Floors a little under what the dialect reaches today (0.973 / 44 of 44 / 0.954): a drop is a regression.
RECALL_FLOOR = 0.97
WITHIN_FLOOR = 0.97
AUTHOR_FLOOR = 0.95

pytestmark = pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/forum-pages is not here")


def _key(text: str) -> str:
    return "".join(k for c in text for k in unicodedata.normalize("NFKC", c).casefold() if k.isalnum())


def _score(truth: dict, posts: list[tuple[str, str | None]]) -> tuple[int, int, int, int]:
    """(gold starts found, gold starts, authors right, authors printed) for one page."""
    keys = [_key(text) for text, _ in posts]
    heads = [len(_key(" ".join([l for l in text.split("\n") if l.strip()][:3]))) for text, _ in posts]
    used: set[int] = set()
    hits = authors_ok = authors = 0
    after = 0
    for gold in truth["posts"]:
        probe = _key(gold["start"][:PROBE])
        match = None
        for j in list(range(after, len(posts))) + list(range(after)):
            if j not in used and probe and 0 <= keys[j].find(probe) < max(heads[j], 1):
                match = j
                break
        if match is not None:
            used.add(match)
            hits += 1
            after = match + 1
        if gold.get("author") and gold.get("author_in_render"):
            authors += 1
            name = posts[match][1] if match is not None else None
            authors_ok += bool(name) and _key(name) == _key(gold["author"])
    return hits, len(truth["posts"]), authors_ok, authors


def _posts(thread) -> list[tuple[str, str | None]]:
    return [("\n".join(block.text for block in post.blocks), post.author.name) for post in thread.posts]


@pytest.fixture(scope="module")
def measured():
    results = []
    for truth_path in sorted(PAGES.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        thread = read_thread(truth_path.with_name(truth_path.name[: -len(".truth.json")] + ".txt"))
        results.append((truth, thread, _score(truth, _posts(thread))))
    return results


def test_post_starts_are_found(measured):
    results = measured
    hits = sum(r[2][0] for r in results)
    gold = sum(r[2][1] for r in results)
    assert hits / gold >= RECALL_FLOOR


def test_post_counts_are_near_the_truth(measured):
    results = measured
    within = sum(1 for truth, thread, _ in results if 0.9 <= thread.post_count / truth["gold_posts"] <= 1.1)
    assert within / len(results) >= WITHIN_FLOOR


def test_authors_are_named(measured):
    results = measured
    right = sum(r[2][2] for r in results)
    printed = sum(r[2][3] for r in results)
    assert right / printed >= AUTHOR_FLOOR


def test_every_page_is_read_as_a_page_copy(measured):
    results = measured
    readers = {thread.dialect for _, thread, _ in results}
    assert sum(thread.dialect == "pagecopy" for _, thread, _ in results) >= 0.9 * len(results), readers


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold()))  # a rule of underscores is no text


def test_no_line_of_a_page_is_lost(measured):
    """Every non-blank line is in a post, the title or the chrome."""
    for truth, thread, _ in measured:
        text, _ = decode(Path(thread.source).read_bytes())  # as the reader decodes it (mojibake repaired)
        chrome = set(thread.chrome)
        posts = _words("\n".join(text for text, _ in _posts(thread)) + "\n".join(p.signature or "" for p in thread.posts))
        for line in clean_lines(text):  # control characters are never text
            line = line.strip().strip("\u00a0").strip()
            if line and line not in chrome and line != thread.title:
                assert _words(line) <= posts, (Path(thread.source).name, line)
