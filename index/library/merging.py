"""Merging segments at commit: which segments a commit merges, and their postings read a term at a time."""

from __future__ import annotations

from functools import lru_cache
from heapq import merge
from io import BytesIO
from itertools import accumulate
from pickle import load, loads
from struct import Struct
from zlib import decompress

from index.library import whoosh_patches  # noqa: F401,I001  (before any whoosh import: it imports whoosh lightly)
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.util.numeric import byte_to_length

_INT = Struct("!i")  # whoosh.system.pack_int: a block's size, negative for the last block


class Merged:
    """A segment merged into the writer's: its reader, and where its live documents go."""

    def __init__(self, reader, startdoc: int, docmap: dict | None):
        import numpy as np

        from index.search import postings

        self.reader = reader
        self.gone = postings.deleted(reader, {})
        if docmap is None:
            self.newnum = None
            self.startdoc = startdoc
        else:  # old number -> new (deleted documents have none)
            self.newnum = np.full(reader.doc_count_all(), -1, dtype=np.int64)
            if docmap:
                self.newnum[np.fromiter(docmap.keys(), np.int64)] = np.fromiter(docmap.values(), np.int64)
        self.newlist = None if self.newnum is None else self.newnum.tolist()
        self.gone_set = set() if self.gone is None else set(self.gone.tolist())

    def terms(self, name: str):
        """(term, term info) of the field, in order."""
        for (field, term), info in self.reader._terms.items_from(name, b""):
            if field != name:
                return
            yield term, info

    def postings(self, info, format_) -> tuple[list, list, list]:
        """(new document numbers, weights, values) of one term, without deleted documents."""
        read = _read_blocks(self.reader, info, format_.fixed_value_size())
        if read is None:  # not what the bulk writer writes: read as a search reads it
            from index.search import postings

            found = postings.read(self.reader, info, format_, self.gone, values=True)
            ids, weights, values = found[0].tolist(), found[1].tolist(), found[2]
            gone = None
        else:
            ids, weights, values = read
            gone = self.gone_set
        if gone:
            kept = [n for n, doc in enumerate(ids) if doc not in gone]
            if len(kept) < len(ids):
                ids, weights, values = ([ids[n] for n in kept], [weights[n] for n in kept],
                                        [values[n] for n in kept])
        if self.newlist is not None:
            newlist = self.newlist
            ids = [newlist[doc] for doc in ids]
        else:
            start = self.startdoc
            ids = [doc + start for doc in ids]
        return ids, weights, [value or b"" for value in values]

    def add_lengths(self, name: str, lengths: dict[int, int]) -> None:
        import numpy as np

        sizes = _field_lengths(self.reader, name)
        old = np.arange(len(sizes), dtype=np.int64)
        if self.gone is not None:
            old = old[~np.isin(old, self.gone)]
        new = self.newnum[old] if self.newnum is not None else old + self.startdoc
        lengths.update(zip(new.tolist(), map(sizes.__getitem__, old.tolist())))


def field_terms(name: str, format_, own: dict[bytes, list], merging: list[Merged]):
    """(term, ids, weights, values) of one field, terms in order: the writer's own postings, then each
    merged segment's, a term at a time."""
    sources = [_tagged(((term, None) for term in sorted(own)), 0)]
    sources += [_tagged(merged.terms(name), n) for n, merged in enumerate(merging, 1)]
    current, ids, weights, values = None, [], [], []
    for term, source, info in merge(*sources):
        if term != current:
            if ids:
                yield current, ids, weights, values
            current, ids, weights, values = term, [], [], []
        if source == 0:
            flat = own[term]
            ids, weights, values = flat[0::3], flat[1::3], flat[2::3]
        else:
            more = merging[source - 1].postings(info, format_)
            ids += more[0]
            weights += more[1]
            values += more[2]
    if ids:
        yield current, ids, weights, values


def _read_blocks(reader, info, fixed: int | None):
    """(ids, weights, values) of a term's blocks in a segment, deleted documents included, as
    W3LeafMatcher decodes them; None for postings the bulk writer does not write (inlined)."""
    if info.is_inlined():
        return None
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps unpack_int's tuple
        (length,) = length
    blob = reader._terms._postfile.get(offset, length)
    if blob[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    # Plain lists, not numpy's: a merge reads every term, most of them a few postings long.
    stream = BytesIO(blob)
    ids, weights, values = [], [], []
    position, last = 4, False
    while not last:
        (size,) = _INT.unpack_from(blob, position)
        last, size = size < 0, abs(size)
        stream.seek(position + 4)
        count, _, _, compression, _, _ = load(stream)
        position += 4 + size
        data = blob[stream.tell():position]
        deltas, block_weights, block_values = loads(decompress(data) if compression else data)
        ids += accumulate(deltas)
        if block_weights is None:
            weights += [1.0] * count
        elif isinstance(block_weights, float):
            weights += [block_weights] * count
        else:
            weights += block_weights
        if fixed is None or fixed < 0:
            values += block_values
        elif fixed == 0:
            values += [None] * count
        else:
            values += [block_values[i:i + fixed] for i in range(0, len(block_values), fixed)]
    return ids, weights, values


def _tagged(terms, source: int):
    """(term, source, info): equal terms of two sources come in the order of their sources."""
    for term, info in terms:
        yield term, source, info


def _field_lengths(reader, name: str) -> list[int]:
    """Every document's length in the field, as reader.doc_field_length(docnum, name, 0) gives it."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    column = reader._perdoc._cached_reader(f"_{name}_len", LENGTHS_COLUMN)
    return [0] * reader.doc_count_all() if column is None else [_byte_length(value) for value in column]


@lru_cache(maxsize=256)
def _byte_length(value: int) -> int:
    return byte_to_length(value) if value else 0


# A merge streams the segments it takes a term at a time; these bound how long a commit's merge takes.
SMALL_SEGMENT_DOCS = 5_000  # segments smaller than this are folded into the next commit's segment
MAX_SEGMENTS = 12  # past this many, the smallest segments are merged too, up to MERGE_CAP_DOCS
MERGE_CAP_DOCS = 30_000


def merge_policy(writer, segments):
    """A mergetype for commit(): the segments to keep as they are; the rest join the new segment."""
    from whoosh.reading import SegmentReader

    ordered = sorted(segments, key=lambda segment: segment.doc_count())
    chosen, total = [], writer.doc_count()
    for segment in ordered:
        live = segment.doc_count()
        small = live < SMALL_SEGMENT_DOCS or segment.deleted_count() * 2 > segment.doc_count_all()
        crowded = len(segments) - len(chosen) + 1 > MAX_SEGMENTS
        if (small or crowded) and total + live <= MERGE_CAP_DOCS:
            chosen.append(segment)
            total += live
        else:
            break
    if not chosen or (len(chosen) == 1 and not writer._added and not chosen[0].has_deletions()):
        return segments
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in chosen]
