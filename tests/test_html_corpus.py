"""Real saved thread pages from many forum sites (../shared/forum-pages): where posts start and who wrote them."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from index.threads.read import read_thread

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "forum-pages"
TRUTHS = sorted(PAGES.glob("*.truth.json")) if PAGES.is_dir() else []
pytestmark = pytest.mark.skipif(not TRUTHS, reason=f"the saved forum pages are not at {PAGES}")
PROBE = 40  # as the folder's scorer: the first 40 letters and digits of a post must begin a parsed post
HEAD_LINES = 3
# Floors a little under what the reader reaches (recall 0.987, authors 0.983, counts 43/44):
# a change that loses posts on real pages fails here.
RECALL_FLOOR = 0.975
AUTHOR_FLOOR = 0.97
COUNT_FLOOR = 0.93


def key(text: str) -> str:
    return "".join(k for c in text for k in unicodedata.normalize("NFKC", c).casefold() if k.isalnum())


def score(truth: dict, thread) -> tuple[int, int, int, int]:
    """(gold starts found, gold starts, authors right, authors printed)."""
    keys, heads = [], []
    for post in thread.posts:
        text = "\n".join(block.text for block in post.blocks)
        lines = [line for line in text.split("\n") if line.strip()]
        keys.append(key(text))
        heads.append(len(key(" ".join(lines[:HEAD_LINES]))))
    used: set[int] = set()
    found = right = printed = 0
    start = 0
    for gold in truth["posts"]:
        probe = key(gold["start"][:PROBE])
        match = next(
            (j for j in [*range(start, len(keys)), *range(start)] if j not in used and probe and 0 <= keys[j].find(probe) < max(heads[j], 1)),
            None,
        )
        if match is not None:
            used.add(match)
            found += 1
            start = match + 1
        if gold.get("author") and gold.get("author_in_render"):
            printed += 1
            name = thread.posts[match].author.name if match is not None else None
            right += bool(name) and key(name) == key(gold["author"])
    return found, len(truth["posts"]), right, printed


@pytest.fixture(scope="module")
def results():
    out = []
    for path in TRUTHS:
        truth = json.loads(path.read_text(encoding="utf-8"))
        thread = read_thread(path.with_name(path.name[: -len(".truth.json")] + ".html"))
        out.append((truth, thread, score(truth, thread)))
    return out


def test_post_starts_and_authors_on_real_pages_stay_above_the_floor(results):
    found = sum(r[2][0] for r in results)
    gold = sum(r[2][1] for r in results)
    right = sum(r[2][2] for r in results)
    printed = sum(r[2][3] for r in results)
    assert found / gold >= RECALL_FLOOR, f"boundary recall {found / gold:.3f}"
    assert right / printed >= AUTHOR_FLOOR, f"author accuracy {right / printed:.3f}"


def test_post_counts_are_close_on_most_pages(results):
    close = [truth["name"] for truth, thread, _ in results if 0.9 <= len(thread.posts) / truth["gold_posts"] <= 1.1]
    assert len(close) >= COUNT_FLOOR * len(results), f"{len(close)}/{len(results)} pages within 10%"


def test_every_real_page_reads_as_a_thread_with_a_title(results):
    for truth, thread, _ in results:
        assert thread.dialect == "html" and thread.title, truth["name"]
        assert not any("not a thread" in note for note in thread.notes), truth["name"]
