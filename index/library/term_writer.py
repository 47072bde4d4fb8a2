"""One field's posting lists and terms written in the whoosh3 format, a whole term at a time (the bulk writer's)."""

from __future__ import annotations

from array import array
from hashlib import md5
from operator import sub
from pickle import dumps
from zlib import compress

from index.library import whoosh_patches  # noqa: F401,I001  (before any whoosh import: it imports whoosh lightly)
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _LENGTHS
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte


class TermWriter:
    """Writes one field's posting lists in the whoosh3 format, a whole term at a time.

    What W3PostingsWriter and W3FieldWriter.finish_term write (tests compare what a reader gets
    back from the two), without their per-posting and per-block method calls.
    """

    def __init__(self, fieldwriter, format_, lengths: dict[int, int], blocklimit: int, compression: int):
        self._postfile = fieldwriter._postfile
        # Where the next term's postings go: a field's terms are all that is written to the postings
        # file until finish_field, and its tell() added up every buffer the file had written.
        self._offset = self._postfile.tell()
        self._tindex = fieldwriter._tindex
        self._held: list[tuple[bytes, bytes]] = []  # (key, term info) not yet in the terms table
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
            comp, data = pack_block(data, self._compression)
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

    def _add_term(self, key: bytes, info: bytes) -> None:
        held = self._held
        held.append((key, info))
        if len(held) >= _HELD_TERMS:
            self.finish()

    def finish(self) -> None:
        """The terms held written to the terms table."""
        if self._held:
            _add_terms(self._tindex, self._held)
            self._held = []

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


_HELD_TERMS = 4096


def _add_terms(table, items: list[tuple[bytes, bytes]]) -> None:
    """OrderedHashWriter.add of each (key, value) in order: the same file and hash tables, the
    pairs written at once and their keys hashed in C (a third of writing a rare term)."""
    if table.hashtype != 0 or type(table) is not OrderedHashWriter:
        for key, value in items:
            table.add(key, value)
        return
    dbfile, buckets, last = table.dbfile, table.buckets, table.lastkey
    position = dbfile.tell()
    positions, chunks = [], []
    for key, value in items:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        positions.append(position)
        chunks += (_LENGTHS.pack(len(key), len(value)), key, value)
        found = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")  # filetables.md5_hash
        buckets[found & 255].append((found, position))
        position += 8 + len(key) + len(value)
        last = key
    dbfile.write(b"".join(chunks))
    table.lastkey = last
    index = table.index
    try:
        index.array.fromlist(positions)  # all or nothing
    except OverflowError:
        for at in positions:
            index.append(at)  # a wider type, as GrowableArray makes it


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


def pack_block(data: bytes, level: int) -> tuple[int, bytes]:
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
