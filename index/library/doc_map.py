"""Every document's thread and kind, kept per Whoosh segment in a small file, so a search counts
matches per thread without reading the thread column of every document.

A segment's documents never change once written (deletions only mark them), so its file is
written once, named by the segment's id, atomically, and read back as arrays. A file that is
missing, of another format or of the wrong length is rebuilt from the index (the slow path:
the thread column, one Python object per document). The catalog writes the files of new
segments when it is brought up to date (after an import, under the write lock) and removes
those of segments gone since. A document deleted before its segment's file was written may
show as OTHER: only live documents are ever looked up.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.library.atomic import write_atomic

FOLDER = "catalog-docs"
FORMAT = 1  # bump when the file's arrays change: older files are then rebuilt
OTHER, THREAD, WORDS = 0, 1, 2  # a document's kind: a post (or anything else), a thread's own, the vocabulary's
KINDS = {"thread": THREAD, "words": WORDS}
_SAFE_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}\Z")  # whoosh's segment ids; anything else is never a file name


class DocMap(NamedTuple):
    threads: np.ndarray  # thread number of every document number
    names: list[str]  # thread id by thread number ("" for documents of no thread)
    kinds: np.ndarray  # OTHER, THREAD or WORDS per document number


Part = tuple[np.ndarray, list[str], np.ndarray]  # one segment: local thread numbers, their ids, kinds


def _build(reader) -> Part:
    """One segment's map, read from the index (the slow path)."""
    numbers: dict[str, int] = {}
    size = reader.doc_count_all()
    local = np.fromiter((numbers.setdefault(t, len(numbers)) for t in reader.column_reader("thread")),
                        dtype=np.int32, count=size)
    kinds = np.zeros(size, dtype=np.int8)
    for kind, code in KINDS.items():
        if ("kind", kind) in reader:
            kinds[np.fromiter(reader.postings("kind", kind).all_ids(), dtype=np.int64)] = code
    return local, list(numbers), kinds


def _file(root: Path, segment_id: str) -> Path | None:
    return Path(root) / FOLDER / f"{segment_id}.npy" if _SAFE_ID.match(segment_id) else None


def _save(path: Path, part: Part) -> None:
    local, names, kinds = part
    buffer = io.BytesIO()
    for array in (np.array([FORMAT], dtype=np.int32), local, np.array(names, dtype=str), kinds):
        np.save(buffer, array, allow_pickle=False)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError:
        pass  # a read-only or full library: the map is rebuilt at the next search


def _read(path: Path, size: int) -> Part | None:
    try:
        with open(path, "rb") as handle:
            version, local, names, kinds = (np.load(handle, allow_pickle=False) for _ in range(4))
    except (OSError, ValueError, EOFError):
        return None
    if (version.tolist() != [FORMAT] or local.dtype != np.int32 or kinds.dtype != np.int8
            or local.shape != (size,) or kinds.shape != (size,) or names.ndim != 1 or names.dtype.kind != "U"):
        return None
    if size and (local.min() < 0 or local.max() >= len(names)):
        return None
    return local, names.tolist(), kinds


def _part(root: Path, reader) -> Part:
    path = _file(root, reader.segment().segment_id())
    found = _read(path, reader.doc_count_all()) if path is not None else None
    if found is None:
        found = _build(reader)
        if path is not None:
            _save(path, found)
    return found


def load(root: Path, searcher) -> DocMap:
    """The map of every document the searcher sees, from the segments' files where they are current."""
    reader = searcher.reader()
    total = reader.doc_count_all()
    threads = np.zeros(total, dtype=np.int32)
    kinds = np.zeros(total, dtype=np.int8)
    numbers: dict[str, int] = {}
    for leaf, offset in reader.leaf_readers():
        if leaf.segment() is None:  # an empty index
            continue
        local, names, part_kinds = _part(root, leaf)
        # Segment-local thread numbers to library-wide ones (a thread's documents may span segments).
        to_global = np.fromiter((numbers.setdefault(name, len(numbers)) for name in names), dtype=np.int32,
                                count=len(names))
        end = offset + len(local)
        threads[offset:end] = to_global[local] if len(local) else local
        kinds[offset:end] = part_kinds
    return DocMap(threads, list(numbers), kinds)


def keep(root: Path, searcher) -> None:
    """Write the files of the searcher's segments that have none; remove those of segments gone."""
    folder = Path(root) / FOLDER
    current = set()
    for leaf, _ in searcher.reader().leaf_readers():
        segment = leaf.segment()
        if segment is None:
            continue
        current.add(f"{segment.segment_id()}.npy")
        path = _file(root, segment.segment_id())
        if path is not None and not path.is_file():
            _save(path, _build(leaf))
    try:
        stale = [entry for entry in folder.iterdir() if entry.name not in current and entry.suffix == ".npy"]
    except OSError:
        return
    for entry in stale:
        try:
            entry.unlink()
        except OSError:
            pass
