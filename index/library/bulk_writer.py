"""A Whoosh segment writer that keeps a batch's postings in memory and writes them a block at a time.

Whoosh's own writer pickles every posting into a temporary sort pool and feeds them back one
by one at commit; for the library's 100-odd postings a post that was most of an import.
Documents come in already analyzed (index/documents.py), postings are grouped per term as
they arrive (document numbers only grow), and each term is written in whole blocks.
"""

from __future__ import annotations

import zlib
from array import array
from functools import lru_cache
from operator import sub
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from index.library import whoosh_patches
from index.library.documents import Preparer


class BulkWriter(SegmentWriter):
    """SegmentWriter with add_prepared(); deletions, merges, the TOC and locking stay Whoosh's."""

    def __init__(self, ix, preparer: Preparer | None = None, **kwargs):
        whoosh_patches.check()
        super().__init__(ix, **kwargs)
        self._preparer = preparer or Preparer(self.schema)
        for name in self.schema.names():
            field = self.schema[name]
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r} needs Whoosh's own writer (vectors or spelling)")
        # field -> term bytes -> flat [docnum, weight, value, docnum, weight, value, ...]
        self._terms: dict[str, dict[bytes, list]] = {}
        # field -> docnum -> length, for the block statistics (only scorable fields have lengths)
        self._lengths: dict[str, dict[int, int]] = {}
        self._merging: list[_Merged] = []  # segments merged in at commit, in the order of their documents

    # Adding ----------------------------------------------------------------------

    def add_document(self, **fields):
        self.add_prepared(self._preparer.prepare(fields))

    def add_prepared(self, prepared) -> None:
        """Add one document given as Preparer.prepare() made it."""
        self._check_state()
        docnum = self.docnum
        perdoc = self.perdocwriter
        schema = self.schema
        terms, lengths = self._terms, self._lengths
        perdoc.start_doc(docnum)
        try:
            for name, items, length, stored, column in prepared:
                field = schema[name]
                if items:
                    postings = terms.get(name)
                    if postings is None:
                        postings = terms[name] = {}
                    for term, weight, value in items:
                        flat = postings.get(term)
                        if flat is None:
                            postings[term] = [docnum, weight, value]
                        else:
                            flat += (docnum, weight, value)
                    if length:
                        lengths.setdefault(name, {})[docnum] = length
                perdoc.add_field(name, field, stored, length)
                if column is not None:
                    perdoc.add_column_value(name, field.column_type, column)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader, startdoc, docmap):
        # A segment merged in at commit: its postings are read at the flush, a term at a time,
        # straight into the new segment (held in memory, a merge grew with the segments it took).
        from whoosh.reading import SegmentReader

        if not isinstance(reader, SegmentReader):
            raise TypeError("the bulk writer merges segments only")
        own = SegmentReader(self.storage, self.schema, reader.segment())  # the caller closes its own
        self._merging.append(_Merged(own, startdoc, docmap))

    # Writing ---------------------------------------------------------------------

    def commit(self, mergetype=None, optimize=None, merge=None, incoming=(), staging=None):
        """Whoosh's commit; `incoming`: segments import workers wrote in `staging`, added as they are."""
        self._incoming, self._staging = tuple(incoming), staging
        super().commit(mergetype=mergetype, optimize=optimize, merge=merge)

    def _commit_toc(self, segments):
        incoming = getattr(self, "_incoming", ())
        if incoming:
            from index.library.segment_pool import move_in

            move_in(self._staging, incoming, self.storage)
        super()._commit_toc(list(segments) + list(incoming))

    def finish_alone(self):
        """In an import worker: this writer's segment written and closed, no TOC (the importer
        commits it); None when nothing was added."""
        if not self._added:
            self.cancel()
            return None
        segment = self._finalize_segment()
        self._finish()
        return segment

    def cancel(self):
        self._close_merging()
        super().cancel()

    def _close_merging(self):
        for merged in self._merging:
            merged.reader.close()
        self._merging = []

    def _flush_segment(self):
        self.perdocwriter.close()
        try:
            self._write_terms()
        finally:
            self._close_merging()
        self._terms.clear()
        self._lengths.clear()
        self.fieldwriter.close()

    def _write_terms(self):
        writer, codec, schema, merging = self.fieldwriter, self.codec, self.schema, self._merging
        names = set(self._terms)
        for merged in merging:
            names.update(name for name in merged.reader.indexed_field_names() if name in schema)
        for name in sorted(names):
            fieldobj = schema[name]
            lengths = self._lengths.get(name, {})
            if fieldobj.scorable:
                for merged in merging:
                    merged.add_lengths(name, lengths)
            terms = None
            for term, ids, weights, values in _field_terms(name, fieldobj.format, self._terms.get(name, {}), merging):
                if terms is None:
                    writer.start_field(name, fieldobj)
                    terms = _TermWriter(writer, fieldobj.format, lengths, codec._blocklimit, codec._compression)
                terms.write(term, ids, weights, values)
            if terms is not None:
                writer.finish_field()


class _Merged:
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

    def terms(self, name: str):
        """(term, term info) of the field, in order."""
        for (field, term), info in self.reader._terms.items_from(name, b""):
            if field != name:
                return
            yield term, info

    def postings(self, info, format_) -> tuple[list, list, list]:
        """(new document numbers, weights, values) of one term, without deleted documents."""
        from index.search import postings

        ids, weights, values = postings.read(self.reader, info, format_, self.gone, values=True)
        ids = self.newnum[ids] if self.newnum is not None else ids + self.startdoc
        return ids.tolist(), weights.tolist(), [value or b"" for value in values]

    def add_lengths(self, name: str, lengths: dict[int, int]) -> None:
        import numpy as np

        sizes = _field_lengths(self.reader, name)
        old = np.arange(len(sizes), dtype=np.int64)
        if self.gone is not None:
            old = old[~np.isin(old, self.gone)]
        new = self.newnum[old] if self.newnum is not None else old + self.startdoc
        lengths.update(zip(new.tolist(), map(sizes.__getitem__, old.tolist())))


def _field_terms(name: str, format_, own: dict[bytes, list], merging: list[_Merged]):
    """(term, ids, weights, values) of one field, terms in order: the writer's own postings, then each
    merged segment's, a term at a time."""
    from heapq import merge

    sources = [((term, 0, None) for term in sorted(own))]
    sources += [((term, n, info) for term, info in merged.terms(name)) for n, merged in enumerate(merging, 1)]
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


class _TermWriter:
    """Writes one field's posting lists in the whoosh3 format, a whole term at a time.

    What W3PostingsWriter and W3FieldWriter.finish_term write (tests compare what a reader gets
    back from the two), without their per-posting and per-block method calls.
    """

    def __init__(self, fieldwriter, format_, lengths: dict[int, int], blocklimit: int, compression: int):
        self._postfile = fieldwriter._postfile
        self._add_term = fieldwriter._tindex.add
        self._fieldid = pack_ushort(fieldwriter._fieldid)
        self._lengths = lengths
        self._limit = blocklimit
        self._compression = compression
        fixed = format_.fixed_value_size()
        self._values = "tuple" if fixed is None or fixed < 0 else ("none" if fixed == 0 else "join")

    def write(self, term: bytes, ids: list[int], weights: list[float], values: list[bytes]) -> None:
        lengths = self._lengths
        limit = self._limit
        total = len(ids)
        pieces = [WHOOSH3_HEADER_MAGIC]
        min_all, max_all, top, weight_sum = None, 0, 0, 0.0
        for start in range(0, total, limit):
            end = min(start + limit, total)
            if total <= limit:  # nearly every term: one block, no slicing
                block_ids, block_weights, block_values = ids, weights, values
            else:
                block_ids, block_weights, block_values = ids[start:end], weights[start:end], values[start:end]
            stored_weights = array("f", block_weights)  # what the reader gets back: 32-bit floats
            weight_sum += sum(stored_weights)
            max_weight = max(0, max(block_weights))
            sizes = [size for size in map(lengths.get, block_ids) if size]
            min_length = min(sizes) if sizes else None
            max_length = max(sizes) if sizes else 0
            if min_length is not None and (min_all is None or min_length < min_all):
                min_all = min_length
            max_all = max(max_all, max_length)
            top = max(top, max_weight)
            data = dumps((_deltas(block_ids), _mini_weights(stored_weights),
                          self._mini_values(block_values)), 2)
            comp = self._compression if len(data) >= _COMPRESS_MIN else 0
            if comp:
                packed = _compress(data, comp)
                if len(packed) < len(data):
                    data = packed
                else:
                    comp = 0  # the block header says so: the reader takes it as it is
            head = dumps((end - start, block_ids[-1], max_weight, comp,
                          length_to_byte(min_length), length_to_byte(max_length)), 2)
            size = len(head) + len(data)
            pieces += (pack_int(-size if end == total else size), head, data)
        postfile = self._postfile
        offset = postfile.tell()
        blob = b"".join(pieces)
        postfile.write(blob)
        # W3TermInfo.to_bytes for a term whose postings are in the postings file (never inlined).
        info = _TERM_INFO.pack(False, weight_sum, total, 0 if min_all is None else length_to_byte(min_all),
                               length_to_byte(max_all), top, ids[0], ids[-1])
        self._add_term(self._fieldid + term, info + pack_long(offset) + pack_int(len(blob)))

    def _mini_values(self, values: list):
        if self._values == "none":
            return None
        kept = values if all(values) else [value for value in values if value]
        if self._values == "tuple":
            return tuple(kept)
        return b"".join(kept)


# Blocks shorter than this grow when compressed (Whoosh meant to skip those under 20 bytes; the
# header of each block says whether it is compressed, so either reads back the same).
_COMPRESS_MIN = 96
_TERM_INFO = W3TermInfo._struct


def _compress(data: bytes, level: int) -> bytes:
    # zlib.compress sets up a 256 KB state per call, most of a small block's cost; a 512-byte
    # window with the smallest state compresses these blocks as well, and zlib.decompress reads it.
    compressor = zlib.compressobj(level, zlib.DEFLATED, 9, 1)
    return compressor.compress(data) + compressor.flush()


def _field_lengths(reader, name: str) -> list[int]:
    """Every document's length in the field, as reader.doc_field_length(docnum, name, 0) gives it."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    column = reader._perdoc._cached_reader(f"_{name}_len", LENGTHS_COLUMN)
    return [0] * reader.doc_count_all() if column is None else [_byte_length(value) for value in column]


@lru_cache(maxsize=256)
def _byte_length(value: int) -> int:
    return byte_to_length(value) if value else 0


def _deltas(ids: list[int]) -> tuple:
    return (ids[0], *map(sub, ids[1:], ids))


def _mini_weights(weights: array):
    first = weights[0]
    if first == 1.0 and weights.count(1.0) == len(weights):
        return None
    if weights.count(first) == len(weights):
        return first
    return tuple(weights)


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
