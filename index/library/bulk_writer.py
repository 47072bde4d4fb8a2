"""A Whoosh segment writer that keeps a batch's postings in memory and writes them a block at a time.

Whoosh's own writer pickles every posting into a temporary sort pool and feeds them back one
by one at commit; for the library's 100-odd postings a post that was most of an import.
Documents come in already analyzed (index/documents.py), postings are grouped per term as
they arrive (document numbers only grow), and each term is written in whole blocks.
"""

from __future__ import annotations

from array import array
from functools import partial
from operator import sub
from pickle import dumps
from zlib import compress

from index.library import whoosh_patches  # noqa: I001  (before any whoosh import: it imports whoosh lightly)
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from index.library import merge_docs
from index.library.documents import Preparer
from index.library.merging import Copied, Merged, field_terms
from index.library.tiers import merge_policy  # noqa: F401 (the writer's)


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
        self._merging: list[Merged] = []  # segments merged in at commit, in the order of their documents

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

    def write_per_doc(self, fieldnames, reader):
        docmap = merge_docs.write_per_doc(self, fieldnames, reader)
        return super().write_per_doc(fieldnames, reader) if docmap is False else docmap

    def add_postings_to_pool(self, reader, startdoc, docmap):
        # A segment merged in at commit: its postings are read at the flush, a term at a time,
        # straight into the new segment (held in memory, a merge grew with the segments it took).
        from whoosh.reading import SegmentReader

        if not isinstance(reader, SegmentReader):
            raise TypeError("the bulk writer merges segments only")
        own = SegmentReader(self.storage, self.schema, reader.segment())  # the caller closes its own
        self._merging.append(Merged(own, startdoc, docmap))

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
            pack = partial(_pack, level=codec._compression)
            for term, postings in field_terms(name, fieldobj.format, self._terms.get(name, {}), merging, pack,
                                              codec._blocklimit):
                if terms is None:
                    writer.start_field(name, fieldobj)
                    terms = _TermWriter(writer, fieldobj.format, lengths, codec._blocklimit, codec._compression)
                if type(postings) is Copied:
                    terms.copy(term, *postings)
                else:
                    terms.write(term, *postings)
            if terms is not None:
                writer.finish_field()


class _TermWriter:
    """Writes one field's posting lists in the whoosh3 format, a whole term at a time.

    What W3PostingsWriter and W3FieldWriter.finish_term write (tests compare what a reader gets
    back from the two), without their per-posting and per-block method calls.
    """

    def __init__(self, fieldwriter, format_, lengths: dict[int, int], blocklimit: int, compression: int):
        self._postfile = fieldwriter._postfile
        # Where the next term's postings go: a field's terms are all that is written to the postings
        # file until finish_field, and its tell() added up every buffer the file had written.
        self._offset = self._postfile.tell()
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
            sizes = list(filter(None, map(lengths.get, block_ids)))
            min_length = min(sizes) if sizes else None
            max_length = max(sizes) if sizes else 0
            if min_length is not None and (min_all is None or min_length < min_all):
                min_all = min_length
            max_all = max(max_all, max_length)
            top = max(top, max_weight)
            data = _pickled((_deltas(block_ids), _mini_weights(stored_weights), self._mini_values(block_values)))
            comp, data = _pack(data, self._compression)
            head = dumps((end - start, block_ids[-1], max_weight, comp,
                          length_to_byte(min_length), length_to_byte(max_length)), 2)
            size = len(head) + len(data)
            pieces += (pack_int(-size if end == total else size), head, data)
        offset = self._offset
        blob = b"".join(pieces)
        self._postfile.write(blob)
        self._offset += len(blob)
        # W3TermInfo.to_bytes for a term whose postings are in the postings file (never inlined).
        info = _TERM_INFO.pack(False, weight_sum, total, 0 if min_all is None else length_to_byte(min_all),
                               length_to_byte(max_all), top, ids[0], ids[-1])
        self._add_term(self._fieldid + term, info + pack_long(offset) + pack_int(len(blob)))

    def copy(self, term: bytes, info: bytes, blob: bytes) -> None:
        """A term's postings as a merged segment held them (merging.Merged.copied)."""
        offset = self._offset
        self._postfile.write(blob)
        self._offset += len(blob)
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


def _pickled(block: tuple) -> bytes:
    """A block's (deltas, weights, values) pickled as W3LeafMatcher reads it back (any protocol).

    Protocol 4, not Whoosh's 2: protocol 2 writes each value (bytes) as a call of _codecs.encode
    on a latin-1 string; 4 writes the bytes as they are. On debate-shaped blocks that pickled 5x
    faster, compressed 2x faster to half the size, and unpickles 3x faster. Its frame header (one
    frame: the block) is left out, as the protocol allows, so the deltas start where they do in
    protocol 2 (merging.Merged.copied shifts the first in place)."""
    data = dumps(block, 4)
    return data[:2] + data[11:] if data[2] == _FRAME else data


_FRAME = 0x95  # pickle's FRAME opcode, then the frame's length in 8 bytes


def _pack(data: bytes, level: int) -> tuple[int, bytes]:
    """(compression, block data) of a block's pickle."""
    if level and len(data) >= _COMPRESS_MIN:
        # zlib.compress, as Whoosh writes them: measured on debate-shaped blocks (~740 bytes), a
        # 512-byte window with the smallest state took ~30% longer and came out ~9% larger.
        packed = compress(data, level)
        if len(packed) < len(data):
            return level, packed
    return 0, data  # the block header says so: the reader takes it as it is


def _deltas(ids: list[int]) -> tuple:
    return (ids[0], *map(sub, ids[1:], ids))


def _mini_weights(weights: array):
    first = weights[0]
    if first == 1.0 and weights.count(1.0) == len(weights):
        return None
    if weights.count(first) == len(weights):
        return first
    return tuple(weights)
