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


def run(directory: Path) -> dict:
    """Parses every file of the synthetic corpus: posts/s and quotes scored against the truth."""
    from index.threads.parse import parse

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


def rate(files: list[Path]) -> dict:
    """A real corpus has no truth: posts/s of decoding and parsing its files (read before the clock)."""
    from index.errors import TranscriptError
    from index.threads.read import thread_from_bytes

    posts, elapsed = 0, 0.0
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            posts += thread_from_bytes(data, str(path)).post_count
        except TranscriptError:
            pass
        elapsed += time.perf_counter() - started
    return {"parse.posts_per_s": posts / elapsed if elapsed else 0.0,
            "parse.detail": {"files": len(files), "posts": posts, "seconds": elapsed}}


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


def quote_kinds(seed: int, posts: int) -> dict:
    """Precision and recall by kind of quote, on one thread per dialect in which every reply quotes."""
    from index.threads.parse import parse

    from tests.bench.corpus import truth_of
    from tests.bench.generate import DIALECTS
    from tests.bench.report import QUOTE_KINDS

    score = QuoteScore()
    generator = Generator(seed, users=100)
    for dialect in DIALECTS:
        thread, text = generator.thread(f"kinds:{dialect}", posts, dialect, set(range(1, posts)))
        score.add_thread(truth_of(thread, f"{dialect}.txt"), parse(text, f"{dialect}.txt").posts)
    recall, precision = score.recall_by_kind(), score.precision_by_kind()
    figures = {}
    for kind in QUOTE_KINDS:
        figures[f"kinds.{kind}.recall"] = recall.get(kind)
        figures[f"kinds.{kind}.precision"] = precision.get(kind)
    figures["kinds.detail"] = {"quotes": score.truth, "by_kind": {k: v for k, v in score.by_kind.items()},
                               "false_quotes": score.by_kind.get("none", [0, 0, 0, 0])[2]}
    return figures


def huge(seed: int, posts: int, extra_paragraphs: int, scratch: Path) -> dict:
    """One huge transcript of long posts, parsed in a fresh process: seconds and peak memory."""
    from tests.bench.process import run_job

    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / "huge.txt"
    _, text = Generator(seed, users=2000).huge_thread(posts, extra_paragraphs)
    path.write_bytes(text.encode("utf-8"))
    del text
    result, peak_mb = run_job("parse-file", path)
    mb = round(path.stat().st_size / 2**20, 1)
    path.unlink()
    return {"quotes.huge_s": result["seconds"], "quotes.huge_peak_mb": peak_mb,
            "quotes.huge_posts_per_s": result["posts"] / result["seconds"] if result["seconds"] else 0.0,
            "quotes.huge_detail": {"mb": mb,
                                   "posts": result["posts"], "quotes": result["quotes"]}}
