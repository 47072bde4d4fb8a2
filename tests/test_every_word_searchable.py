"""Nothing a post holds is unsearchable: its words, its quotes and its signature all find it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.library.store import Library
from tests.conftest import BUNDLED_DIR

WORDS = ["harbour", "ledger", "cellar", "flooded", "tractor", "winter", "orchard", "pigeon", "lantern",
         "granite", "velvet", "copper", "meadow", "thunder", "saddle", "quarry", "biscuit", "falcon"]
_WORD = re.compile(r"[^\W\d_]+")

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(" ".join)
post = st.lists(sentence, min_size=1, max_size=4).map("\n".join)


def _posts_found(library: Library, thread_id: str, word: str) -> set[int]:
    page = library.search(word, thread_id=thread_id, pagelen=1000)
    return {hit.post_index for group in page.results for hit in group.hits}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts=st.lists(post, min_size=2, max_size=6), signed=st.booleans())
def test_every_word_of_every_post_finds_that_post(posts, signed):
    if signed:  # the same sign-off under every post: a signature, hidden in the reader but searchable
        posts = [f"{text}\nyours truly falcon meadow" for text in posts]
    text = "Property thread\n-----\n" + "\n-----\n".join(posts) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "thread.txt"
        source.write_text(text, encoding="utf-8")
        library = Library.open(Path(tmp) / "library")
        try:
            library.import_paths([source])
            (summary,) = library.threads()
            thread = library.thread(summary.id)
            for parsed in thread.posts:
                held = " ".join([block.text for block in parsed.blocks] + [parsed.signature or ""])
                for word in set(_WORD.findall(held.lower())):
                    assert parsed.index in _posts_found(library, summary.id, word), (word, parsed.index)
        finally:
            library.close()


def test_no_seed_signature_is_a_one_off_without_a_delimiter():
    from index.threads.read import read_thread

    checked = 0
    for path in sorted(BUNDLED_DIR.glob("*.txt")):
        thread = read_thread(path)
        raw_lines = path.read_text(encoding="utf-8").splitlines()
        for parsed in thread.posts:
            if parsed.signature is None:
                continue
            checked += 1
            same = [p for p in thread.posts if p.signature == parsed.signature and p.author.key == parsed.author.key]
            first_line = parsed.signature.splitlines()[0].strip()
            delimited = any(line.strip() == first_line and i and re.fullmatch(r"\s*(--|_{3,}|-{3,})\s*", raw_lines[i - 1])
                            for i, line in enumerate(raw_lines))
            assert len(same) >= 2 or delimited, parsed.signature
    assert checked >= 2  # seed 002 signs its posts
