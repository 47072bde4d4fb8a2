"""Runs every benchmark group at each corpus size and gathers the figures into one report."""

from __future__ import annotations

import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tests.bench import report
from tests.bench.corpus import Generator, load_truth, write_corpus


@dataclass
class Settings:
    sizes: list[int]
    seed: int = 1
    out: Path = Path("bench-out")
    passes: int = 3
    queries: int = 20
    scans: int = 3
    app_threads: int = 10_000
    long_thread: int = 2000
    quote_thread: tuple[int, int] = (2000, 500)
    kind_posts: int = 600  # posts of each dialect's thread in which every reply quotes
    huge: tuple[int, int] = (18_501, 12)  # posts, extra paragraphs per post: about 50 MB
    skip: set[str] = field(default_factory=set)


class Steps:
    """Runs named steps; a failing step leaves a one-line error and the rest still run."""

    def __init__(self, log: Callable[[str], None]):
        self.log = log
        self.errors: dict[str, str] = {}

    def run(self, name: str, fn: Callable[[], dict | None], into: dict) -> bool:
        self.log(f"bench: {name}")
        try:
            into.update(fn() or {})
            return True
        except Exception as error:  # noqa: BLE001 - reported in the table, the run goes on
            self.log("".join(traceback.format_exception_only(type(error), error)).strip())
            self.errors[name] = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
            return False


def run_size(settings: Settings, size: int, steps: Steps) -> dict:
    from tests.bench import import_bench, parse_bench, queries

    out = settings.out
    corpus = out / f"corpus-{size}"
    figures: dict = {}
    steps.run(f"corpus {size}", lambda: {"corpus": write_corpus(corpus, size, settings.seed)}, figures)
    rows: list[tuple] = []
    skip = settings.skip
    if "parse" not in skip:
        steps.run(f"parse {size}", lambda: parse_bench.run(corpus, rows), figures)
    library_dir = out / "scratch" / f"library-{size}"
    db = None
    if "import" not in skip:
        def fts5() -> dict:
            nonlocal db
            if not rows:
                raise RuntimeError("no parsed posts to index (the parse step failed)")
            parse_seconds = figures.get("parse.detail", {}).get("seconds", 0.0)
            db, found = import_bench.run_fts5(rows, parse_seconds, out / "scratch" / f"fts5-{size}.db")
            return found

        (out / "scratch").mkdir(parents=True, exist_ok=True)
        steps.run(f"fts5 import {size}", fts5, figures)
        steps.run(f"import {size}", lambda: import_bench.run_import(corpus, library_dir), figures)
        ours, theirs = figures.get("import.posts_per_s"), figures.get("fts5.import_posts_per_s")
        if report.is_number(ours) and report.is_number(theirs) and theirs:
            figures["import.ratio_fts5"] = ours / theirs
    rows.clear()
    truth = load_truth(corpus)
    query_set = queries.build_queries(corpus, truth, Generator(settings.seed, users=10).vocab,
                                      settings.seed, settings.queries)
    if "open" not in skip and library_dir.exists():
        steps.run(f"cold open {size}", lambda: import_bench.cold_open(library_dir, query_set["term"][0]), figures)
    if "queries" not in skip and library_dir.exists():
        def query_step() -> dict:
            from index.library.store import Library

            if db is None:
                raise RuntimeError("no FTS5 baseline (the import step failed)")
            library = Library.open(library_dir)
            try:
                return queries.run(library, db, corpus, query_set, settings.passes, settings.scans)
            finally:
                library.close()

        steps.run(f"queries {size}", query_step, figures)
    if db is not None:
        db.close()
    return figures


def run(settings: Settings, log: Callable[[str], None] = print) -> dict:
    steps = Steps(log)
    scales = {size: run_size(settings, size, steps) for size in settings.sizes}
    fixed: dict = {}
    if "parse" not in settings.skip:
        from tests.bench import parse_bench

        steps.run("quote-heavy thread", lambda: parse_bench.quote_heavy(settings.seed, *settings.quote_thread), fixed)
        steps.run("quote kinds", lambda: parse_bench.quote_kinds(settings.seed, settings.kind_posts), fixed)
        steps.run("huge transcript", lambda: parse_bench.huge(settings.seed, *settings.huge,
                                                              settings.out / "scratch"), fixed)
    if "app" not in settings.skip:
        from tests.bench import app_bench

        steps.run("app", lambda: app_bench.run(settings), fixed)
    shutil.rmtree(settings.out / "scratch", ignore_errors=True)
    config = {"sizes": settings.sizes, "seed": settings.seed, "passes": settings.passes,
              "queries_per_type": settings.queries, "app_threads": settings.app_threads,
              "long_thread": settings.long_thread, "quote_thread": list(settings.quote_thread),
              "kind_posts": settings.kind_posts, "huge": list(settings.huge)}
    return report.build(scales, fixed, steps.errors, config)
