"""Import into a fresh library beside FTS5 doing the same work (end to end from the files, as many
processes), and the library opened cold from process start."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.process import ROOT, compile_project, drop_cache, run_job


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20


# An import shorter than this is made several times and its median run reported, ours and FTS5's
# alike: one run of a few seconds is at the mercy of whatever else the machine does at that moment.
SHORT_IMPORT_S = 15.0


def _median_run(once, runs: int = 3) -> tuple[dict, float]:
    """(the result of the median run by time, the highest peak RSS of the runs) of once() -> (result, peak
    MB), made `runs` times when the first is short."""
    made = [once()]
    if made[0][0]["seconds"] < SHORT_IMPORT_S:
        made += [once() for _ in range(runs - 1)]
    result = sorted(made, key=lambda run: run[0]["seconds"])[len(made) // 2][0]
    return {**result, "runs_seconds": sorted(run[0]["seconds"] for run in made)}, max(peak for _, peak in made)


def run_import(files: Path, library_dir: Path, runs: int = 3) -> dict:
    """threadreader's import of the files into an empty library."""
    def once():
        shutil.rmtree(library_dir, ignore_errors=True)
        return run_job("import", library_dir, files)

    result, peak_mb = _median_run(once, runs)
    return {
        "import.posts_per_s": result["posts"] / result["seconds"] if result["seconds"] else 0.0,
        "import.peak_rss_mb": peak_mb,
        "import.index_mb": dir_mb(library_dir),
        "import.detail": {k: result[k] for k in ("posts", "added", "failed", "failures", "seconds", "runs_seconds")},
    }


def run_fts5(files: Path, db_path: Path, mode: str, runs: int = 3) -> dict:
    """FTS5 importing the same files in a fresh process: "parsed" runs our parse (same posts,
    quotes, authors), "raw" only decodes and splits the posts. The clock covers discovery to commit."""
    result, peak_mb = _median_run(lambda: run_job("fts5-import", files, db_path, mode), runs)
    rate = result["posts"] / result["seconds"] if result["seconds"] else 0.0
    if mode == "raw":
        return {"fts5.raw_import_posts_per_s": rate, "fts5.raw_detail": {**result, "peak_rss_mb": peak_mb}}
    return {"fts5.import_posts_per_s": rate, "fts5.import_peak_rss_mb": peak_mb,
            "fts5.index_mb": db_path.stat().st_size / 2**20,
            "fts5.detail": {k: result[k] for k in ("posts", "files", "workers", "seconds", "runs_seconds")}}


def cold_open(library_dir: Path, query: str, runs: int = 3) -> dict:
    """A fresh process each time, the library's pages dropped from the cache first: the clock starts
    before the interpreter does and stops once the library is open and its threads listed."""
    compile_project()
    opened, first, dropped = [], [], False
    for _ in range(runs):
        dropped = drop_cache(library_dir)
        result, _ = run_job("cold-open", library_dir, query)
        opened.append(result["open_ms"])
        first.append(result["first_query_ms"])
    return {"open.cold_ms": statistics.median(opened), "open.cold_first_query_ms": statistics.median(first),
            "open.detail": {"runs_ms": opened, "cache_dropped": dropped}}


def _on_terminal(command: list[str]) -> tuple[int, bytes]:
    """(exit status, output) of the command with a pseudo-terminal for its stdout and stderr, as a
    user at a terminal runs it (styled output, the terminal's line discipline)."""
    import os
    import pty

    leader, follower = pty.openpty()
    child = subprocess.Popen(command, cwd=ROOT, stdout=follower, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return child.wait(), out


def cli_search(library_dir: Path, query: str, runs: int = 5) -> dict:
    """`threadreader --library DIR search QUERY` as a shell runs it: wall time of the whole command,
    its output to a pipe and (where there are pseudo-terminals) to a terminal, runs alternating
    (page cache as a user typing commands leaves it: the first run of each warms it and is not counted)."""
    compile_project()
    command = [str(Path(sys.executable).parent / "threadreader"), "--library", str(library_dir), "search", query]
    samples: dict[str, list[float]] = {"pipe": [], "tty": []}
    kinds = ("pipe", "tty") if sys.platform != "win32" else ("pipe",)
    for i in range(runs + 1):
        for kind in kinds:
            started = time.monotonic()
            if kind == "pipe":
                done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
                status, tail = done.returncode, done.stderr
            else:
                status, out = _on_terminal(command)
                tail = out.decode(errors="replace")
            elapsed = (time.monotonic() - started) * 1000
            if status:
                raise RuntimeError(f"threadreader search ({kind}) exited with {status}: {tail.strip()[-200:]}")
            if i:
                samples[kind].append(elapsed)
    out = {"cli.search_ms": statistics.median(samples["pipe"]),
           "cli.detail": {"query": query, "runs_ms": samples["pipe"], "tty_runs_ms": samples["tty"]}}
    if samples["tty"]:
        out["cli.search_tty_ms"] = statistics.median(samples["tty"])
    return out
