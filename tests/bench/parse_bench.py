"""Parse and quote reconstruction: posts per second and source attribution against the generator's truth."""

from __future__ import annotations

import time
from pathlib import Path

from tests.bench.corpus import Generator, load_truth
from tests.bench.scoring import QuoteScore


def read_corpus(directory: Path, truth: dict) -> list[tuple[dict, str, str]]:
    """(thread truth, text, name) for every file of the corpus, read before any clock starts."""
    base = Path(directory) / "transcripts"
    return [(t, (base / t["file"]).read_bytes().decode("utf-8"), str(base / t["file"])) for t in truth["threads"]]


def run(directory: Path, rows: list | None = None) -> dict:
    """Parses every file of the corpus; appends each post's searchable texts to rows for FTS5."""
    from index.threads.parse import parse

    from tests.bench.fts import rows_of

    truth = load_truth(directory)
    items = read_corpus(directory, truth)
    score = QuoteScore()
    posts = 0
    elapsed = 0.0
    for thread_truth, text, name in items:
        started = time.perf_counter()
        thread = parse(text, name)
        elapsed += time.perf_counter() - started
        posts += len(thread.posts)
        score.add_thread(thread_truth, thread.posts)
        if rows is not None:
            rows.extend(rows_of(thread))
    return {
        "parse.posts_per_s": posts / elapsed if elapsed else 0.0,
        "parse.precision": score.precision,
        "parse.recall": score.recall,
        "parse.detection_recall": score.detection_recall,
        "parse.word_precision": score.word_precision,
        "parse.word_recall": score.word_recall,
        "parse.split_accuracy": score.split_accuracy,
        "parse.detail": {"predicted": score.predicted, "correct": score.correct, "truth": score.truth,
                         "recalled": score.recalled, "recall_by_kind": score.recall_by_kind(),
                         "precision_by_kind": score.precision_by_kind(),
                         "threads": score.threads, "posts": posts, "seconds": elapsed},
    }


def quote_heavy(seed: int, posts: int = 2000, quotes: int = 500) -> dict:
    """The fixed figure: one long thread full of quotes, parsed (quotes rebuilt) in one go."""
    from index.threads.parse import parse

    from tests.bench.corpus import truth_of

    thread, text = Generator(seed, users=200).quote_heavy_thread(posts, quotes)
    started = time.perf_counter()
    parsed = parse(text, "quote-heavy.txt")
    elapsed = time.perf_counter() - started
    score = QuoteScore()
    score.add_thread(truth_of(thread, "quote-heavy.txt"), parsed.posts)
    return {"quotes.thread_2000_s": elapsed,
            "quotes.detail": {"posts": posts, "quotes_written": score.truth, "precision": score.precision,
                              "recall": score.recall, "parsed_posts": len(parsed.posts)}}
