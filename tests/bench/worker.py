"""Jobs the benchmark runs in a fresh process (import, cold open, the app), each printing one JSON line."""

from __future__ import annotations

import json
import os
import resource
import sys
import time

# When the benchmark launched this process (time.monotonic(), shared by all processes): figures
# "from process start" include the interpreter's boot and every import.
LAUNCHED = float(os.environ.get("BENCH_LAUNCHED") or time.monotonic())


def since_launch_ms() -> float:
    return (time.monotonic() - LAUNCHED) * 1000


def _rss_mb() -> dict:
    """This process's own peak RSS. Not getrusage's ru_maxrss: after a vfork and exec it holds the
    launching process's peak (the benchmark's, hundreds of MB), and RUSAGE_CHILDREN the same for
    the import workers; those are caught by the parent's sampling of the process tree instead."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return {"maxrss_self_mb": int(line.split()[1]) / 1024}
    except OSError:
        pass
    return {"maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def do_import(library_dir: str, corpus: str) -> dict:
    from index.library.store import Library

    library = Library.open(library_dir)
    started = time.perf_counter()
    report = library.import_paths([corpus])
    elapsed = time.perf_counter() - started
    library.close()
    return {"posts": report.posts, "added": report.added, "failed": len(report.failed),
            "failures": [list(f) for f in report.failed[:5]], "seconds": elapsed, **_rss_mb()}


def do_cold_open(library_dir: str, query: str) -> dict:
    from index.library.store import Library

    library = Library.open(library_dir)
    library.threads()
    opened = since_launch_ms()
    page = library.search(query)
    return {"open_ms": opened, "first_query_ms": since_launch_ms(), "posts_found": page.total_posts}


def do_parse_file(path: str) -> dict:
    from index.threads.read import read_thread

    started = time.perf_counter()
    thread = read_thread(path)
    elapsed = time.perf_counter() - started
    return {"posts": thread.post_count, "quotes": sum(len(p.quotes) for p in thread.posts),
            "seconds": elapsed, **_rss_mb()}


def do_fts5_import(corpus: str, db_path: str, mode: str) -> dict:
    from tests.bench import fts_import

    return {**fts_import.run(corpus, db_path, mode), **_rss_mb()}


def main(argv: list[str]) -> int:
    job, *args = argv
    jobs = {"import": do_import, "cold-open": do_cold_open, "parse-file": do_parse_file, "fts5-import": do_fts5_import}
    if job == "app":
        from tests.bench.app_bench import run_in_process

        result = run_in_process(*args)
        result.update(_rss_mb())
    else:
        result = jobs[job](*args)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
