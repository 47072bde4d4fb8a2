"""Runs a worker job in a fresh Python process and watches the memory of it and its children."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]


class JobFailed(RuntimeError):
    """A worker job exited badly; the message is its last line of output."""


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def drop_cache(directory: Path) -> bool:
    """Asks the kernel to forget the cached pages of every file under directory (no root needed);
    False where it cannot, and the next read may then come from memory."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for path in Path(directory).rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fdatasync(fd)  # dirty pages are not dropped
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True


def compile_project() -> None:
    """Writes the project's bytecode, as installing it does (pip compiles what it installs), so the
    start-up figures time what a user waits for: with PYTHONDONTWRITEBYTECODE set (or a read-only
    checkout) every run would otherwise compile each of our modules from source again (~40 ms for a
    search, more for the app), and how much of that a run paid would depend on leftover caches."""
    import compileall

    for package in ("index", "tui"):
        compileall.compile_dir(ROOT / package, quiet=2)


def run_job(job: str, *args: str, timeout: float = 3600) -> tuple[dict, float]:
    """(the job's JSON result, peak RSS of its process tree in MB, sampled every 20 ms).

    The job is told when it was launched (BENCH_LAUNCHED, time.monotonic(): one clock for every
    process), so it can time what it does from process start, interpreter boot included.
    """
    command = [sys.executable, "-m", "tests.bench.worker", job, *map(str, args)]
    env = {**os.environ, "BENCH_LAUNCHED": repr(time.monotonic())}
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    watched = psutil.Process(child.pid)
    peak = 0
    deadline = time.monotonic() + timeout
    while child.poll() is None:
        try:
            peak = max(peak, tree_rss(watched))
        except psutil.Error:
            pass
        if time.monotonic() > deadline:
            child.kill()
            raise JobFailed(f"{job} took more than {timeout:.0f} s")
        time.sleep(0.02)
    out, err = child.communicate()
    results = [line[7:] for line in out.splitlines() if line.startswith("RESULT ")]
    if child.returncode or not results:
        last = (err.strip().splitlines() or out.strip().splitlines() or ["no output"])[-1]
        raise JobFailed(f"{job} exited with {child.returncode}: {last}")
    result = json.loads(results[-1])
    reported = result.get("maxrss_self_mb", 0)
    return result, max(peak / 2**20, reported)
