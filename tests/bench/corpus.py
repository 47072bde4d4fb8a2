"""Writes a seeded corpus of N posts as transcript files, with the ground truth in truth.json beside them."""

from __future__ import annotations

import json
import random
import shutil
import time
from itertools import accumulate
from pathlib import Path

from tests.bench.generate import DIALECT_WEIGHTS, DIALECTS, GenThread, ThreadWriter, make_users
from tests.bench.render import render
from tests.bench.shapes import SHAPES, SYNTHETIC, Shape, ShapeStats

FORMAT = 3  # bump when the generator's output changes, so cached corpora are rebuilt


def starts(text: str, width: int = 40) -> str:
    return text[:width]


def truth_of(thread: GenThread, file: str) -> dict:
    """What a perfect parser would say about the thread (shape follows seeds/gold.json)."""
    posts = []
    for post in thread.posts:
        own = post.own
        entry = {
            "index": post.index,
            "author": post.user.name if thread.dialect == "historum" else None,
            "user": post.user.key if thread.dialect != "xenforo" else None,
            "starts": starts(own[0].text) if own else "",
            "quotes": [{"source": q.source, "starts": starts(q.text), "text": q.text, "how": q.how}
                       for q in post.quotes],
        }
        if thread.dialect == "moviechat" and post.user.signature:
            entry["signature"] = post.user.signature
        if post.edited:
            entry["edited"] = True
        if post.likes:
            entry["likes"] = list(post.likes)
        posts.append(entry)
    return {"file": file, "dialect": thread.dialect, "title": thread.title, "forum": thread.forum,
            "post_count": len(thread.posts), "posts": posts}


class Generator:
    """Threads for one seed: the same seed always gives the same bytes."""

    def __init__(self, seed: int = 1, users: int = 2000, shape: Shape = SYNTHETIC) -> None:
        self.seed = seed
        self.shape = shape
        self.vocab = shape.vocabulary(seed)
        self.users = make_users(seed, users)
        self.user_cum = list(accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(self.users))))

    def writer(self, key: str) -> tuple[random.Random, ThreadWriter]:
        rng = random.Random(f"{self.seed}:{key}")
        return rng, ThreadWriter(rng, self.vocab, self.users, self.user_cum, self.shape)

    def thread(self, key: str, n_posts: int | None = None, dialect: str | None = None,
               quote_posts: set[int] | None = None) -> tuple[GenThread, str]:
        """One thread and its transcript text."""
        rng, writer = self.writer(key)
        dialect = dialect or rng.choices(DIALECTS, DIALECT_WEIGHTS)[0]
        n_posts = n_posts or self.shape.thread_length(rng)
        thread = writer.thread(dialect, n_posts, quote_posts)
        return thread, render(thread, rng)

    def quote_heavy_thread(self, n_posts: int = 2000, quotes: int = 500,
                           dialect: str = "xenforo") -> tuple[GenThread, str]:
        """A long thread in which exactly `quotes` posts quote an earlier one (some candidates drop out)."""
        rng = random.Random(f"{self.seed}:quote-heavy")
        picked = set(rng.sample(range(1, n_posts), min(n_posts - 1, quotes)))
        return self.thread("quote-heavy", n_posts, dialect, picked)

    def huge_thread(self, n_posts: int, extra_paragraphs: int) -> tuple[GenThread, str]:
        """One transcript of n_posts long posts, a quarter of them quoting: the 50 MB kind of thread."""
        rng, writer = self.writer("huge")
        writer.extra_paragraphs = extra_paragraphs
        picked = set(rng.sample(range(1, n_posts), (n_posts - 1) // 4))
        thread = writer.thread("xenforo", n_posts, picked)
        return thread, render(thread, rng)


def write_corpus(directory: Path, posts: int, seed: int = 1, shape: str = "synthetic") -> dict:
    """Writes (or reuses) a corpus of exactly `posts` posts of a shape (shapes.SHAPES); returns its manifest."""
    directory = Path(directory)
    manifest_path = directory / "manifest.json"
    wanted = {"format": FORMAT, "seed": seed, "posts": posts, "shape": shape}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if all(manifest.get(k) == v for k, v in wanted.items()):
            return manifest
    started = time.perf_counter()
    files_dir = directory / "transcripts"
    files_dir.mkdir(parents=True, exist_ok=True)
    for old in files_dir.rglob("*.txt"):
        old.unlink()
    generator = Generator(seed, users=max(50, min(20_000, posts // 12)), shape=SHAPES[shape])
    truth, written, number, shape_stats = [], 0, 0, ShapeStats()
    while written < posts:
        rng = random.Random(f"{seed}:length:{number}")
        n_posts = min(generator.shape.thread_length(rng), posts - written)
        thread, text = generator.thread(str(number), n_posts)
        relative = f"{number // 1000:03d}/{number:06d}_{thread.dialect}.txt"
        path = files_dir / relative
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        truth.append(truth_of(thread, relative))
        shape_stats.add(thread)
        written += n_posts
        number += 1
    (directory / "truth.json").write_text(json.dumps({"seed": seed, "threads": truth}))
    manifest = {**wanted, "threads": number, "seconds": round(time.perf_counter() - started, 3),
                "bytes": sum(p.stat().st_size for p in files_dir.rglob("*.txt")), "shape_stats": shape_stats.result()}
    manifest_path.write_text(json.dumps(manifest))
    return manifest


def load_truth(directory: Path) -> dict:
    return json.loads((Path(directory) / "truth.json").read_text())


def write_app_corpus(directory: Path, threads: int, long_thread: int, seed: int = 1) -> dict:
    """Many short threads and one long one: the library the app is measured on; returns what to look for."""
    directory = Path(directory)
    info_path = directory / "app.json"
    wanted = {"format": FORMAT, "seed": seed, "threads": threads, "long_thread": long_thread}
    if info_path.exists():
        info = json.loads(info_path.read_text())
        if all(info.get(k) == v for k, v in wanted.items()):
            return info
    files_dir = directory / "transcripts"
    shutil.rmtree(files_dir, ignore_errors=True)
    generator = Generator(seed, users=max(50, threads // 5))
    titles = []
    for number in range(threads - 1):
        rng = random.Random(f"{seed}:app-length:{number}")
        thread, text = generator.thread(f"app:{number}", rng.choice((1, 1, 2, 2, 3)))
        path = files_dir / f"{number // 1000:03d}" / f"{number:06d}_{thread.dialect}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        titles.append(thread.title)
    thread, text = generator.thread("app:long", long_thread, "historum")
    (files_dir / "long.txt").write_bytes(text.encode("utf-8"))
    info = {**wanted, "titles": titles, "long_title": thread.title,
            "long_starts": [p.own[0].text[:24] for p in thread.posts if p.own]}
    info_path.write_text(json.dumps(info))
    return info
