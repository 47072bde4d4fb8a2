"""FTS5's import, end to end from the files like ours: read, decode, split or parse, in as many processes, then insert."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _parsed(paths: list[str]) -> tuple[list, list]:
    """The same parse ours runs (quotes rebuilt, authors told apart), as FTS5 rows."""
    from index.errors import TranscriptError
    from index.threads.read import read_thread

    from tests.bench.fts import rows_of

    posts, titles = [], []
    for path in paths:
        try:
            thread = read_thread(path)
        except TranscriptError:
            continue
        rows, title = rows_of(thread)
        posts += rows
        titles.append(title)
    return posts, titles


def _raw(paths: list[str]) -> tuple[list, list]:
    """Only decoded and split into posts by the dialect: no signatures, authors or quotes."""
    from index.errors import TranscriptError
    from index.threads.dialects.detect import parse_raw
    from index.threads.html import looks_like_page, read_page
    from index.threads.parse import thread_id
    from index.threads.read import _text, read_bytes

    posts, titles = [], []
    for path in paths:
        try:
            text, _ = _text(read_bytes(path))
        except TranscriptError:
            continue
        raw = read_page(text) if looks_like_page(text) else parse_raw(text)
        tid = thread_id(text, path)
        posts += [(tid, i, p.name or "", p.body, "", "", "") for i, p in enumerate(raw.posts)]
        titles.append((tid, raw.title or Path(path).stem))
    return posts, titles


def run(corpus: str, db_path: str, mode: str) -> dict:
    """Imports the corpus's files into a fresh FTS5 database; the clock covers the whole job."""
    from index.library.sources import discover
    from index.library.workers import chunked, largest_first, workers_for

    from tests.bench import fts

    started = time.perf_counter()
    files, _, _ = discover([corpus])
    workers = workers_for(files)
    # The files handed out as our import's workers take them: largest first, in the same chunks.
    chunks = [[str(p) for p in chunk] for chunk in chunked(largest_first(files))]
    work = _parsed if mode == "parsed" else _raw
    db = fts.create(Path(db_path))
    count = 0
    with db:
        if workers:
            # As index/library/workers.py starts ours: a fork server, no preload.
            context = multiprocessing.get_context("forkserver")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                for posts, titles in pool.map(work, chunks):
                    fts.insert(db, posts, titles)
                    count += len(posts)
        else:
            for chunk in chunks:
                posts, titles = work(chunk)
                fts.insert(db, posts, titles)
                count += len(posts)
    db.close()
    return {"posts": count, "files": len(files), "workers": workers, "seconds": time.perf_counter() - started}
