"""Every thread's summary in one file, so opening a library reads one file instead of every thread document.

The file (CATALOG_FILE in the library folder, in marshal's format: read twice as fast as JSON, and
a name repeated across threads is stored and read once) keeps, per Whoosh segment, the summaries of that
segment's live thread documents with their document numbers, after a header holding the bytes
of the index's table of contents it was written for. When those are the latest table of contents
the catalog is current, known without whoosh. Else it is checked against the index's segments:
segments it does not know are read from the index, deletions since are dropped, and
a catalog that is missing, of another format or unreadable is rebuilt whole. Whoever loads a
stale catalog writes the fresh one back (atomically; a read-only library just reads the index),
and with it each new segment's document map (doc_map.py: every document's thread and kind).
"""

from __future__ import annotations

import gc
import marshal
import os
import re
from pathlib import Path

from index.library.atomic import write_atomic
from index.library.paths import INDEX_DIR
from index.library.serialize import meta_from_json, meta_pages
from index.model import ThreadSummary

CATALOG_FILE = "threads.catalog"
_TOC = re.compile(r"_MAIN_(\d+)\.toc")  # whoosh's table of contents, one per generation (index "MAIN")
FORMAT = 4  # bump when a row changes shape (a ThreadSummary field added): older catalogs are then rebuilt

# One thread: (summary, content hash, notes, pages), as StoredThreads keeps it.
Entry = tuple[ThreadSummary, str, tuple[str, ...], tuple[tuple[str, str], ...]]
_SUMMARY_FIELDS = ("id", "title", "forum", "post_count", "authors", "source", "dialect", "first_date",
                   "last_date", "imported", "url", "activity")


def _row(docnum: int, entry: Entry) -> list:
    summary, digest, notes, pages = entry
    values = [getattr(summary, name) for name in _SUMMARY_FIELDS]
    return [docnum, *values, digest, list(notes), [list(page) for page in pages]]


_new_summary = object.__new__
_set_fields = object.__setattr__


def _entry(row: list) -> Entry:
    (_, id_, title, forum, post_count, authors, source, dialect, first_date, last_date, imported, url,
     activity, digest, notes, pages) = row
    # Built without the dataclass's __init__: a frozen dataclass sets each field through
    # object.__setattr__, two thirds of an open's time at 20,000 threads. The same object results
    # (a test compares it to one built by ThreadSummary(...)); a field added to the dataclass bumps
    # FORMAT, and a test checks _SUMMARY_FIELDS against the dataclass's fields.
    summary = _new_summary(ThreadSummary)
    _set_fields(summary, "__dict__", {
        "id": id_, "title": title, "forum": forum, "post_count": post_count, "authors": tuple(authors),
        "source": source, "dialect": dialect, "first_date": first_date, "last_date": last_date,
        "imported": imported, "url": url, "activity": tuple(activity)})
    return summary, digest, tuple(notes), tuple((source_, hash_) for source_, hash_ in pages) if pages else ()


def _segment_rows(reader) -> list[list]:
    """The live thread documents of one segment, read from the index (the slow path)."""
    try:
        docnums = list(reader.postings("kind", "thread").all_ids())
    except Exception as error:  # no thread in this segment: whoosh says so with TermNotFound
        if type(error).__name__ == "TermNotFound":
            return []
        raise
    rows = []
    for docnum in docnums:
        if reader.is_deleted(docnum):
            continue
        meta = reader.stored_fields(docnum)["meta"]
        summary, digest, notes = meta_from_json(meta)
        rows.append(_row(docnum, (summary, digest, notes, meta_pages(meta))))
    return rows


_HEADER_SIZE = 4  # bytes before the header: its length (little-endian)


def _read(path: Path, header_only: bool = False) -> tuple[dict, dict]:
    """(header, segments) of the catalog, ({}, {}) when it is missing, of another format or damaged.

    The header (the format, and the table of contents the catalog was written for) comes first,
    after its length, so that a check reads it alone; then the segments, one marshal value.
    """
    try:
        with open(path, "rb") as file:
            size = int.from_bytes(file.read(_HEADER_SIZE), "little")
            header = marshal.loads(file.read(size)) if 0 < size <= 1 << 24 else None
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                return {}, {}
            # Whole, then decoded: marshal.load on a file reads it value by value (ten times slower).
            segments = {} if header_only else marshal.loads(file.read())
    except (OSError, ValueError, EOFError, TypeError, MemoryError):  # missing, JSON (format 1) or damaged
        return {}, {}
    if not isinstance(segments, dict):
        return {}, {}
    return header, segments


def latest_generation(root: Path) -> int | None:
    """The generation of the index's latest table of contents (as whoosh finds it), None if none."""
    try:
        names = os.listdir(Path(root) / INDEX_DIR)
    except OSError:
        return None
    return max((int(m.group(1)) for m in map(_TOC.fullmatch, names) if m), default=None)


def _toc(root: Path, generation: int | None) -> bytes | None:
    if generation is None or generation < 0:
        return None
    try:
        return (Path(root) / INDEX_DIR / f"_MAIN_{generation}.toc").read_bytes()
    except OSError:
        return None


def _recorded(root: Path, header: dict) -> int | None:
    """The index's generation when the catalog was written for its latest table of contents (byte
    for byte: the same generation, segments and deletions), else None."""
    generation = latest_generation(root)
    toc = _toc(root, generation)
    return generation if toc is not None and header.get("toc") == toc else None


def toc_recorded(root: Path) -> bool:
    """Whether the catalog was written for the index as it is now (only the header is read)."""
    header, _ = _read(Path(root) / CATALOG_FILE, header_only=True)
    return bool(header) and _recorded(root, header) is not None


def load_recorded(root: Path) -> tuple[dict[str, Entry], int] | None:
    """(thread id -> entry, generation) when the catalog was written for the index as it is now:
    nothing of whoosh is read (or imported); None otherwise."""
    header, segments = _read(Path(root) / CATALOG_FILE)
    generation = _recorded(root, header) if header else None
    if generation is None:
        return None
    gc_was_enabled = gc.isenabled()
    gc.disable()  # as in load()
    try:
        entries = {}
        for segment in segments.values():
            for row in segment["rows"]:
                entry = _entry(row)
                entries[entry[0].id] = entry
        return entries, generation
    except (TypeError, ValueError, KeyError, IndexError):
        return None  # damaged: load() reads the index and writes the catalog again
    finally:
        if gc_was_enabled:
            gc.enable()


def load(root: Path, searcher) -> dict[str, Entry]:
    """thread id -> entry for every live thread the searcher sees, from the catalog where it is current."""
    path = Path(root) / CATALOG_FILE
    gc_was_enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small lists: collecting while they are built doubles the cost
    try:
        try:
            return _load(path, searcher)
        except (TypeError, ValueError, KeyError, IndexError):
            # A damaged or hand-edited catalog: the index is the truth, read it whole.
            return _rebuild(path, searcher)
    finally:
        if gc_was_enabled:
            gc.enable()


def load_current(root: Path, segments) -> dict[str, Entry] | None:
    """thread id -> entry when the catalog records exactly these segments (the index's table of
    contents) with their deletions, read without opening any segment; None when it does not."""
    _, recorded = _read(Path(root) / CATALOG_FILE)
    live = {segment.segment_id(): segment.deleted_count() for segment in segments}
    if set(live) != set(recorded):
        return None
    gc_was_enabled = gc.isenabled()
    gc.disable()  # as in load()
    try:
        entries = {}
        for key, deleted in live.items():
            known = recorded[key]
            if known["deleted"] != deleted:
                return None
            for row in known["rows"]:
                entry = _entry(row)
                entries[entry[0].id] = entry
        return entries
    except (TypeError, ValueError, KeyError, IndexError):
        return None  # damaged: load() reads the index and writes the catalog again
    finally:
        if gc_was_enabled:
            gc.enable()


def _load(path: Path, searcher) -> dict[str, Entry]:
    _, recorded = _read(path)
    segments: dict[str, dict] = {}
    changed = False
    for reader, _ in searcher.reader().leaf_readers():
        segment = reader.segment()
        if segment is None:  # an empty index
            continue
        key, deleted = segment.segment_id(), segment.deleted_count()
        known = recorded.get(key)
        if known is not None and known["deleted"] == deleted:
            segments[key] = known
            continue
        if known is not None:
            # Threads deleted since the catalog was written: drop them, keep the rest.
            rows = [row for row in known["rows"] if not reader.is_deleted(row[0])]
        else:
            rows = _segment_rows(reader)
        segments[key] = {"deleted": deleted, "rows": rows}
        changed = True
    entries = {}
    for segment in segments.values():
        for row in segment["rows"]:
            entry = _entry(row)
            entries[entry[0].id] = entry
    if changed or set(segments) != set(recorded):
        _write(path, segments, searcher)
    return entries


def _rebuild(path: Path, searcher) -> dict[str, Entry]:
    segments = {}
    for reader, _ in searcher.reader().leaf_readers():
        segment = reader.segment()
        if segment is not None:
            segments[segment.segment_id()] = {"deleted": segment.deleted_count(), "rows": _segment_rows(reader)}
    _write(path, segments, searcher)
    return {entry[0].id: entry for entry in (_entry(row) for s in segments.values() for row in s["rows"])}


def _compact(segments: dict[str, dict]) -> dict[str, dict]:
    """The segments with each row a tuple and every repeated name one object: marshal then
    writes a name once and a reference where it comes again (authors recur across threads)."""
    names: dict[str, str] = {}
    share = lambda text: names.setdefault(text, text) if isinstance(text, str) else text  # noqa: E731
    compact = {}
    for key, segment in segments.items():
        rows = []
        for (docnum, id_, title, forum, post_count, authors, source, dialect, first_date, last_date, imported, url,
             activity, digest, notes, pages) in segment["rows"]:
            rows.append((docnum, id_, title, share(forum), post_count, tuple(map(share, authors)), source,
                         share(dialect), first_date, last_date, imported, url, tuple(activity), digest,
                         tuple(notes), tuple(tuple(page) for page in pages)))
        compact[key] = {"deleted": segment["deleted"], "rows": rows}
    return compact


def _write(path: Path, segments: dict[str, dict], searcher) -> None:
    # Version 4: what every Python 3 since 3.4 reads (lone surrogates of a file name that is not
    # UTF-8 included). A catalog another Python cannot read is only rebuilt from the index.
    generation = searcher.reader().generation()
    header = {"format": FORMAT, "toc": _toc(path.parent, generation)}
    head = marshal.dumps(header, 4)
    data = len(head).to_bytes(_HEADER_SIZE, "little") + head + marshal.dumps(_compact(segments), 4)
    try:
        write_atomic(path, data)
    except OSError:
        return  # a read-only or full library: the next open reads the index again
    # The same moment (after an import, under the write lock) keeps each segment's document map.
    from index.library import doc_map  # numpy: only here and in searches, never at a plain open

    doc_map.keep(path.parent, searcher)
