"""Threads whose posts end in signatures (one per author, repeated, some after a `-- ` or a rule) or in
one-off short paragraphs set apart by blank lines, which are the reply's own words: signature
precision and recall of the parser."""

from __future__ import annotations

import random
import re
from dataclasses import replace

from tests.bench.corpus import Generator
from tests.bench.generate import Segment
from tests.bench.render import render

DIALECTS = ("historum", "moviechat", "xenforo")
SIGNED_USERS = 0.35  # share of members who sign their posts
# How a member sets their signature off: blank lines only, or a delimiter line the forum prints.
STYLES = (("blank", 0.5), ("-- ", 0.2), ("_" * 30, 0.15), ("-" * 20, 0.15))
ONE_OFF = 0.3  # share of unsigned posts ending in a short paragraph after blank lines
_SPACE = re.compile(r"\s+")


def _flat(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _signature(rng: random.Random, generator: Generator) -> str:
    """A sign-off: a motto of a few words, sometimes a second line."""
    words = generator.vocab.sample(rng, rng.randint(2, 7))
    line = " ".join(words).capitalize() + rng.choice(("", ".", "!", "?"))
    if rng.random() < 0.25:
        line += "\n" + " ".join(generator.vocab.sample(rng, rng.randint(1, 4))).capitalize()
    return line


def _one_off(rng: random.Random, generator: Generator) -> str:
    """A short last paragraph the author wrote once: "What a joke.", "Huh??? Now you say that?"."""
    words = generator.vocab.sample(rng, rng.randint(2, 12))
    return " ".join(words).capitalize() + rng.choice((".", "?", "??", "!", "..."))


def signed_thread(generator: Generator, key: str, n_posts: int, dialect: str) -> tuple[str, list[str | None], int]:
    """(transcript text, the signature each post truly has or None, how many posts end in a one-off paragraph)."""
    rng, writer = generator.writer(f"signatures:{key}")
    styles = [s for s, _ in STYLES]
    weights = [w for _, w in STYLES]
    signs: dict[str, tuple[str, str] | None] = {}
    # The generator's members carry their own signatures for one dialect; here every dialect gets ours.
    writer.users = [replace(u, signature=None) for u in writer.users]
    thread = writer.thread(dialect, n_posts, set())
    truth: list[str | None] = []
    one_offs = 0
    for post in thread.posts:
        if post.user.key not in signs:
            signs[post.user.key] = ((_signature(rng, generator), rng.choices(styles, weights)[0])
                                    if rng.random() < SIGNED_USERS else None)
        sign = signs[post.user.key]
        if sign is not None:
            text, style = sign
            # After the dialect's paragraph break: blank lines, then the delimiter if the member uses one.
            lead = "\n" * rng.choice((1, 1, 2, 4)) + ("" if style == "blank" else style + "\n")
            post.segments.append(Segment("own", lead + text))
            truth.append(text)
        elif rng.random() < ONE_OFF:
            post.segments.append(Segment("own", "\n" * rng.choice((1, 1, 2, 3)) + _one_off(rng, generator)))
            truth.append(None)
            one_offs += 1
        else:
            truth.append(None)
    return render(thread, rng), truth, one_offs


def measure(seed: int, posts: int) -> dict:
    """Signature precision and recall over threads of every dialect, `posts` posts in all."""
    from index.threads.parse import parse

    generator = Generator(seed, users=max(40, posts // 15))
    rng = random.Random(f"{seed}:signature-lengths")
    found = right = wanted = one_offs = one_offs_taken = 0
    misses: list[dict] = []
    number = written = 0
    while written < posts:
        dialect = DIALECTS[number % len(DIALECTS)]
        n_posts = min(posts - written, rng.randint(3, 60))
        text, truth, tails = signed_thread(generator, str(number), n_posts, dialect)
        one_offs += tails
        parsed = parse(text, f"signatures-{number}.txt").posts
        got = [p.signature for p in parsed] if len(parsed) == len(truth) else [None] * len(truth)
        for index, (expected, signature) in enumerate(zip(truth, got)):
            wanted += expected is not None
            found += signature is not None
            hit = expected is not None and _flat(signature) == _flat(expected)
            right += hit
            one_offs_taken += expected is None and signature is not None
            if (expected or signature) and not hit and len(misses) < 5:
                misses.append({"thread": number, "post": index, "dialect": dialect,
                               "expected": expected, "found": signature})
        written += n_posts
        number += 1
    return {"signatures.precision": right / found if found else 1.0,
            "signatures.recall": right / wanted if wanted else 1.0,
            "signatures.detail": {"posts": written, "threads": number, "signatures": wanted, "found": found,
                                  "one_off_paragraphs": one_offs, "one_offs_taken": one_offs_taken, "misses": misses}}
