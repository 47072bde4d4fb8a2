"""Every document's thread and kind, kept per Whoosh segment in a small file, so a search counts
matches per thread without reading the thread column of every document.

A segment's documents never change once written (deletions only mark them), so its file is
written once, named by the segment's id, atomically, and read back in one read as arrays over
its bytes. A file that is missing, of another format or of the wrong length is rebuilt from the
index (the slow path: the thread column, one Python object per document). The catalog writes the
files of new segments when it is brought up to date (after an import, under the write lock) and
removes those of segments gone since. A document deleted before its segment's file was written
may show as OTHER: only live documents are ever looked up.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.library.atomic import write_atomic

FOLDER = "catalog-docs"
SUFFIX = ".map"
OLD_SUFFIXES = (".npy",)  # the files of format 1 (numpy's .npy arrays, four loads a segment): removed by keep()
FORMAT = 2  # bump when the file's layout changes: older files are then rebuilt
OTHER, THREAD, WORDS = 0, 1, 2  # a document's kind: a post (or anything else), a thread's own, the vocabulary's
KINDS = {"thread": THREAD, "words": WORDS}
_SAFE_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}\Z")  # whoosh's segment ids; anything else is never a file name
# magic, format, documents, thread ids, bytes of the ids; then int32 thread numbers, int8 kinds and
# the ids in UTF-8, one a line (little-endian, whatever the machine: a library may be copied).
_HEAD = struct.Struct("<4sIIII")
_MAGIC = b"TRDM"


class DocMap(NamedTuple):
    threads: np.ndarray  # thread number of every document number
    names: list[str]  # thread id by thread number ("" for documents of no thread); one id may have
    # several numbers (one per segment holding its documents): counts per thread add them up
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
    return Path(root) / FOLDER / f"{segment_id}{SUFFIX}" if _SAFE_ID.match(segment_id) else None


def encode(part: Part) -> bytes | None:
    """The file's bytes (None when an id holds a line break, which one line per id cannot keep)."""
    local, names, kinds = part
    if any("\n" in name for name in names):
        return None
    text = "\n".join(names).encode("utf-8", "surrogatepass")
    return (_HEAD.pack(_MAGIC, FORMAT, len(local), len(names), len(text))
            + local.astype("<i4").tobytes() + kinds.astype(np.int8).tobytes() + text)


def decode(data: bytes, size: int) -> Part | None:
    """A segment's part from its file's bytes, None unless they are of this format and `size` documents."""
    if len(data) < _HEAD.size:
        return None
    magic, version, count, named, text_bytes = _HEAD.unpack_from(data)
    if magic != _MAGIC or version != FORMAT or count != size or len(data) != _HEAD.size + 5 * count + text_bytes:
        return None
    local = np.frombuffer(data, dtype="<i4", count=count, offset=_HEAD.size).astype(np.int32, copy=False)
    kinds = np.frombuffer(data, dtype=np.int8, count=count, offset=_HEAD.size + 4 * count)
    try:
        names = data[_HEAD.size + 5 * count:].decode("utf-8", "surrogatepass").split("\n") if named else []
    except UnicodeDecodeError:
        return None
    if len(names) != named or (count and (local.min() < 0 or local.max() >= named)):
        return None
    return local, names, kinds


def _save(path: Path, part: Part) -> None:
    data = encode(part)
    if data is None:
        return  # read from the index at each search instead
    try:
        write_atomic(path, data)
    except OSError:
        pass  # a read-only or full library: the map is rebuilt at the next search


def _read(path: Path, size: int) -> Part | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return decode(data, size)


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
    names: list[str] = []
    for leaf, offset in reader.leaf_readers():
        if leaf.segment() is None:  # an empty index
            continue
        local, part_names, part_kinds = _part(root, leaf)
        # Segment-local thread numbers made library-wide by an offset: no per-thread work (a lookup
        # per thread id was most of a search's map at 300,000 posts); a thread whose documents span
        # segments gets a number in each.
        end = offset + len(local)
        threads[offset:end] = local
        threads[offset:end] += len(names)
        kinds[offset:end] = part_kinds
        names += part_names
    return DocMap(threads, names, kinds)


def keep(root: Path, searcher) -> None:
    """Write the files of the searcher's segments that have none; remove those of segments gone
    (and those of an older format)."""
    folder = Path(root) / FOLDER
    current = set()
    for leaf, _ in searcher.reader().leaf_readers():
        segment = leaf.segment()
        if segment is None:
            continue
        current.add(f"{segment.segment_id()}{SUFFIX}")
        path = _file(root, segment.segment_id())
        if path is not None and not path.is_file():
            _save(path, _build(leaf))
    try:
        stale = [entry for entry in folder.iterdir()
                 if entry.name not in current and entry.suffix in (SUFFIX, *OLD_SUFFIXES)]
    except OSError:
        return
    for entry in stale:
        try:
            entry.unlink()
        except OSError:
            pass
