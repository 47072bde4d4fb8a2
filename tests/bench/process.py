"""Runs a worker job in a fresh Python process and watches the memory of it and its children."""

from __future__ import annotations

import json
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


def run_job(job: str, *args: str, timeout: float = 3600) -> tuple[dict, float]:
    """(the job's JSON result, peak RSS of its process tree in MB, sampled every 20 ms)."""
    command = [sys.executable, "-m", "tests.bench.worker", job, *map(str, args)]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    reported = max(result.get("maxrss_self_mb", 0), result.get("maxrss_children_mb", 0))
    return result, max(peak / 2**20, reported)
