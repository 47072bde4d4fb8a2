"""Runs every benchmark group on each corpus (synthetic sizes, and a folder of real transcripts) into one report."""

from __future__ import annotations

import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tests.bench import report
from tests.bench.corpus import Generator, load_truth, write_corpus
from tests.bench.shapes import SHAPES


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
    known_items: int = 200  # known-item queries per corpus
    signature_posts: int = 3000  # posts of the threads with signatures and one-off last paragraphs
    corpus: Path | None = None  # a folder of real transcripts, measured beside the synthetic corpora
    shapes: tuple[str, ...] = ("synthetic", "debate")  # generated corpora at each size (tests/bench/shapes.py)
    skip: set[str] = field(default_factory=set)
    keep: bool = False  # leave OUT/scratch (libraries, FTS5 databases) for a later --skip import run
    import_runs: int = 3  # an import shorter than import_bench.SHORT_IMPORT_S is made this many times


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


def measure(settings: Settings, label: str, files: Path, truth_dir: Path | None, steps: Steps,
            shape: str = "synthetic") -> dict:
    """Every per-corpus figure for the transcripts in `files` (truth_dir: the generated corpus's truth)."""
    import sqlite3

    from tests.bench import answers, import_bench, known_item, parse_bench, queries

    out, skip = settings.out, settings.skip
    scratch = out / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    figures: dict = {}
    if "parse" not in skip:
        if truth_dir is not None:
            steps.run(f"parse {label}", lambda: parse_bench.run(truth_dir), figures)
        else:
            steps.run(f"parse {label}", lambda: parse_bench.rate(queries.transcript_files(files)), figures)
    library_dir = scratch / f"library-{label}"
    db_path = scratch / f"fts5-{label}.db"
    if "import" not in skip:
        steps.run(f"fts5 import {label}", lambda: import_bench.run_fts5(files, db_path, "parsed", settings.import_runs), figures)
        steps.run(f"fts5 raw import {label}",
                  lambda: import_bench.run_fts5(files, scratch / f"fts5-raw-{label}.db", "raw", settings.import_runs), figures)
        (scratch / f"fts5-raw-{label}.db").unlink(missing_ok=True)
        steps.run(f"import {label}", lambda: import_bench.run_import(files, library_dir, settings.import_runs), figures)
        ours, theirs = figures.get("import.posts_per_s"), figures.get("fts5.import_posts_per_s")
        if report.is_number(ours) and report.is_number(theirs) and theirs:
            figures["import.ratio_fts5"] = ours / theirs
        figures["import.processes"] = figures.get("fts5.detail", {}).get("workers", 0) or 1
    if not library_dir.exists() or not db_path.exists():
        if "import" in skip and not {"open", "queries", "known"} <= skip:
            def missing():
                raise FileNotFoundError(f"--skip import found no library and FTS5 database of {label} in {scratch} "
                                        "(import them once with --keep)")
            steps.run(f"library {label}", missing, figures)  # an error in the report: the run exits non-zero
        return figures
    db = sqlite3.connect(db_path)
    try:
        if truth_dir is not None:
            truth = load_truth(truth_dir)
            names = sorted({p["author"] for t in truth["threads"] for p in t["posts"] if p.get("author")})
            vocab = Generator(settings.seed, users=10, shape=SHAPES[shape]).vocab
        else:
            names, vocab = queries.real_names(db), None
        query_set = queries.build_queries(files, names, vocab, settings.seed, settings.queries)
        if "open" not in skip:
            steps.run(f"cold open {label}", lambda: import_bench.cold_open(library_dir, query_set["term"][0]), figures)
            steps.run(f"cli search {label}", lambda: import_bench.cli_search(library_dir, query_set["term"][0]), figures)
        from index.library.store import Library

        library = Library.open(library_dir)
        try:
            if "queries" not in skip:
                steps.run(f"queries {label}", lambda: queries.run(library, db, files, query_set, settings.passes,
                                                                  settings.scans), figures)
                steps.run(f"answers {label}", lambda: answers.run(library, db, query_set), figures)
            if "known" not in skip:
                steps.run(f"known items {label}", lambda: known_item.run(library, db, settings.known_items,
                                                                         settings.seed), figures)
        finally:
            library.close()
    finally:
        db.close()
    return figures


def pages_here() -> bool:
    """Whether ../shared/forum-pages (real pages for the known-item figures) is on this machine."""
    from tests.bench.process import ROOT

    return (ROOT.parent / "shared" / "forum-pages").is_dir()


def run(settings: Settings, log: Callable[[str], None] = print) -> dict:
    steps = Steps(log)
    scales: dict[int, dict] = {}
    shaped: dict[str, dict[int, dict]] = {}
    for shape in settings.shapes:
        for size in settings.sizes:
            # The synthetic corpora keep their names: corpus-N; the others are SHAPE-N.
            label = str(size) if shape == "synthetic" else f"{shape}-{size}"
            corpus = settings.out / ("corpus-" + label if shape == "synthetic" else label)
            manifest: dict = {}
            if steps.run(f"corpus {label}", lambda: {"corpus": write_corpus(corpus, size, settings.seed, shape)},
                         manifest):
                figures = {**manifest, **measure(settings, label, corpus / "transcripts", corpus, steps, shape)}
                (scales if shape == "synthetic" else shaped.setdefault(shape, {}))[size] = figures
    real = None
    if settings.corpus is not None:
        figures = measure(settings, "real", Path(settings.corpus), None, steps)
        real = {"label": str(settings.corpus), "figures": figures}
    fixed: dict = {}
    if "parse" not in settings.skip:
        from tests.bench import parse_bench, signature_corpus

        steps.run("quote-heavy thread", lambda: parse_bench.quote_heavy(settings.seed, *settings.quote_thread), fixed)
        steps.run("quote kinds", lambda: parse_bench.quote_kinds(settings.seed, settings.kind_posts), fixed)
        steps.run("signatures", lambda: signature_corpus.measure(settings.seed, settings.signature_posts), fixed)
        steps.run("huge transcript", lambda: parse_bench.huge(settings.seed, *settings.huge,
                                                              settings.out / "scratch"), fixed)
    if "known" not in settings.skip and pages_here():  # real pages measured where ../shared is checked out
        from tests.bench import known_item

        steps.run("known items, forum pages", lambda: known_item.forum_pages(
            settings.out / "scratch", settings.known_items, settings.seed), fixed)
    if "app" not in settings.skip:
        from tests.bench import app_bench

        steps.run("app", lambda: app_bench.run(settings), fixed)
    if not settings.keep:
        shutil.rmtree(settings.out / "scratch", ignore_errors=True)
    config = {"sizes": settings.sizes, "seed": settings.seed, "passes": settings.passes,
              "queries_per_type": settings.queries, "app_threads": settings.app_threads,
              "long_thread": settings.long_thread, "quote_thread": list(settings.quote_thread),
              "kind_posts": settings.kind_posts, "huge": list(settings.huge), "known_items": settings.known_items,
              "signature_posts": settings.signature_posts,
              "corpus": str(settings.corpus) if settings.corpus else None, "shapes": list(settings.shapes),
              "forum_pages": pages_here()}
    return report.build(scales, fixed, steps.errors, config, real, shaped)
