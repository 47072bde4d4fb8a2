"""`python -m tests.bench --posts 10000,100000`: every benchmark, one table, and bench-out/report.json.

Exits 1 when a measured figure misses its target, 2 when a step could not run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import traceback
from pathlib import Path

from tests.bench import report
from tests.bench.runner import Settings, run
from tests.bench.shapes import SHAPES


def parse_args(argv: list[str] | None) -> Settings:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--posts", default="10000,100000",
                        help="corpus sizes in posts, comma-separated (default 10000,100000; 1000000 is opt-in)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="bench-out", help="where corpora, libraries and report.json go")
    parser.add_argument("--passes", type=int, default=3, help="timed passes over each query set")
    parser.add_argument("--queries", type=int, default=20, help="queries per query type")
    parser.add_argument("--scans", type=int, default=3, help="queries per type also run as a plain file scan")
    parser.add_argument("--app-threads", type=int, default=10_000, help="threads in the app's library")
    parser.add_argument("--long-thread", type=int, default=2000, help="posts in the thread the app opens")
    parser.add_argument("--quote-thread", default="2000:500", help="POSTS:QUOTES of the quote-heavy thread")
    parser.add_argument("--kind-posts", type=int, default=600, help="posts per dialect in the quote-kinds threads")
    parser.add_argument("--huge", default="18501:12", help="POSTS:EXTRA_PARAGRAPHS of the huge transcript")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="a folder of real transcripts, measured in a column beside the synthetic corpora")
    parser.add_argument("--known-items", type=int, default=200, help="known-item queries per corpus")
    parser.add_argument("--signature-posts", type=int, default=3000,
                        help="posts in the threads whose signatures are scored")
    parser.add_argument("--shapes", default="synthetic,debate",
                        help="generated corpora at each size: synthetic (Zipf made-up words, short posts), debate "
                             "(shaped like real debate-forum threads: real word frequencies, long posts, many quotes)")
    parser.add_argument("--skip", default="", help="groups to leave out: parse,import,queries,open,known,app")
    parser.add_argument("--keep", action="store_true",
                        help="keep the libraries and FTS5 databases in OUT/scratch: a later run with "
                             "--skip import measures queries on them without importing again")
    parser.add_argument("--import-runs", type=int, default=3,
                        help="times an import shorter than 15 s is made (ours and FTS5's); the median run is reported")
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run of the same code (CI)")
    args = parser.parse_args(argv)
    unknown = {x.strip() for x in args.shapes.split(",") if x.strip()} - set(SHAPES)
    if unknown:
        parser.error(f"unknown shapes: {', '.join(sorted(unknown))} (known: {', '.join(SHAPES)})")
    if args.smoke:
        args.posts, args.passes, args.queries, args.scans = "150,300", 1, 4, 1
        args.app_threads, args.long_thread, args.quote_thread = 40, 60, "120:30"
        args.kind_posts, args.huge, args.known_items = 200, "300:2", 20
        args.signature_posts, args.import_runs = 300, 1
    posts, quotes = (int(x) for x in args.quote_thread.split(":"))
    return Settings(
        sizes=sorted({int(x) for x in args.posts.split(",") if x.strip()}),
        seed=args.seed, out=Path(args.out), passes=args.passes, queries=args.queries, scans=args.scans,
        app_threads=args.app_threads, long_thread=args.long_thread, quote_thread=(posts, quotes),
        skip=set(filter(None, args.skip.split(","))), kind_posts=args.kind_posts,
        huge=tuple(int(x) for x in args.huge.split(":")), known_items=args.known_items, corpus=args.corpus,
        keep=args.keep, import_runs=max(1, args.import_runs),
        signature_posts=args.signature_posts,
        shapes=tuple(dict.fromkeys(x.strip() for x in args.shapes.split(",") if x.strip())),
    )


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    started = time.perf_counter()
    try:
        result = run(settings, log=lambda message: print(message, file=sys.stderr, flush=True))
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - one line for the user, the trace for the developer
        traceback.print_exc()
        print(f"bench: {error}", file=sys.stderr)
        return 2
    path = report.write(result, settings.out)
    print(report.table(result))
    print(f"\n{len(report.missing(result))} figures missing; report written to {path} "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if not settings.keep:
        shutil.rmtree(settings.out / "scratch", ignore_errors=True)
    if result["errors"]:
        return 2
    failed = report.failed(result)
    if failed:
        print(f"{len(failed)} targets FAIL: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
