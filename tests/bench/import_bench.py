"""Import into a fresh library (in its own process, for its peak RSS) beside FTS5 indexing the same texts."""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from tests.bench import fts
from tests.bench.process import run_job


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20


def run_import(corpus: Path, library_dir: Path) -> dict:
    """threadreader's import of the corpus into an empty library."""
    shutil.rmtree(library_dir, ignore_errors=True)
    result, peak_mb = run_job("import", library_dir, Path(corpus) / "transcripts")
    return {
        "import.posts_per_s": result["posts"] / result["seconds"] if result["seconds"] else 0.0,
        "import.peak_rss_mb": peak_mb,
        "import.index_mb": dir_mb(library_dir),
        "import.detail": {k: result[k] for k in ("posts", "added", "failed", "failures", "seconds")},
    }


def run_fts5(rows: list[tuple], parse_seconds: float, db_path: Path):
    """FTS5 indexing the posts parse_bench parsed; its rate counts the same parse time as ours."""
    db, seconds = fts.build(db_path, rows)
    total = parse_seconds + seconds
    figures = {
        "fts5.import_posts_per_s": len(rows) / total if total else 0.0,
        "fts5.index_mb": db_path.stat().st_size / 2**20,
        "fts5.detail": {"rows": len(rows), "insert_seconds": seconds, "parse_seconds": parse_seconds,
                        "insert_only_posts_per_s": len(rows) / seconds if seconds else 0.0},
    }
    return db, figures


def cold_open(library_dir: Path, query: str, runs: int = 3) -> dict:
    """A fresh process: import the library code, open the library, list threads, then one query."""
    opened, first = [], []
    for _ in range(runs):
        result, _ = run_job("cold-open", library_dir, query)
        opened.append(result["open_ms"])
        first.append(result["first_query_ms"])
    return {"open.cold_ms": statistics.median(opened), "open.cold_first_query_ms": statistics.median(first)}


def scratch_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
