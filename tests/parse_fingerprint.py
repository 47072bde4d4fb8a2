"""Fingerprints of what the parser makes of generated threads, so a speed-up can show it changed no result.

`python -m tests.parse_fingerprint` rewrites tests/parse_fingerprints.json: only when a change of
the parser's output is meant (say why in the commit).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
from pathlib import Path

STORE = Path(__file__).with_name("parse_fingerprints.json")
SEED = 11


def digest(value) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def cases():
    """(name, transcript text, the generator's thread) of every thread fingerprinted: both corpus
    shapes in all three seed dialects, a quote-heavy thread and threads in which every reply quotes."""
    from tests.bench.corpus import Generator
    from tests.bench.generate import DIALECTS
    from tests.bench.shapes import DEBATE

    synthetic, debate = Generator(SEED, users=120), Generator(SEED, users=120, shape=DEBATE)
    for number in range(60):
        thread, text = synthetic.thread(f"fp:{number}")
        yield f"synthetic-{number}", text, thread
    for number in range(24):
        length = min(120, DEBATE.thread_length(random.Random(f"fp:length:{number}")))
        thread, text = debate.thread(f"fp:{number}", length)
        yield f"debate-{number}", text, thread
    for dialect in DIALECTS:
        thread, text = debate.thread(f"fp:kinds:{dialect}", 150, dialect, set(range(1, 150)))
        yield f"kinds-{dialect}", text, thread
    thread, text = synthetic.quote_heavy_thread(400, 120)
    yield "quote-heavy", text, thread


def marked_posts(thread):
    """The generator's posts as a page that marks its quotes would give them: quotes with no source yet."""
    from index.model import Author, Paragraph, Post, Quote

    posts = []
    for post in thread.posts:
        blocks = tuple(Quote(s.text, None, None, 1.0) if s.kind == "quote" else Paragraph(s.text)
                       for s in post.segments)
        author = Author(post.user.name, post.user.key, post.user.name or post.user.key)
        posts.append(Post(index=post.index, author=author, blocks=blocks))
    return tuple(posts)


def fingerprints() -> dict:
    """{"inputs": digest of every input, "threads": {name: digest of the parse}, "marked": {...}}."""
    from index.threads.parse import parse
    from index.threads.quotes import reconstruct_quotes

    inputs, threads, marked = [], {}, {}
    for name, text, thread in cases():
        inputs.append(digest([name, text]))
        threads[name] = digest(dataclasses.asdict(parse(text, f"{name}.txt")))
        marked[name] = digest([dataclasses.asdict(p) for p in reconstruct_quotes(marked_posts(thread))])
    return {"inputs": digest(inputs), "threads": threads, "marked": marked}


if __name__ == "__main__":
    STORE.write_text(json.dumps(fingerprints(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {STORE}", file=sys.stderr)
