"""Merging segments at commit: their postings read a term at a time (or their blocks kept); merge_docs.py their per-document values."""

from __future__ import annotations

from heapq import merge
from io import BytesIO
from itertools import accumulate, chain
from pickle import dumps, load, loads
from struct import Struct
from zlib import decompress

import numpy as np
from index.library import whoosh_patches  # noqa: F401,I001  (before any whoosh import: it imports whoosh lightly)
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, unpack_int, unpack_long

from index.library.mapped import release
from index.library.merge_docs import field_lengths
from index.search import postings

_INT = Struct("!i")  # whoosh.system.pack_int: a block's size, negative for the last block
_TERM_INFO = W3TermInfo._struct  # a term info's numbers, before its postings' offset and length
# A word each merged segment holds in at least a quarter of a block keeps its blocks: reading one more
# block costs a search less than the word's lookup in one more segment did (rarer words' postings
# are joined into whole blocks, else a library merged again and again would read them a few at a time).
_PART = 4
_RELEASE = 4096  # terms read between drops of the merged segments' mapped pages (mapped.py)


class Merged:
    """A segment merged into the writer's: its reader, and where its live documents go."""

    def __init__(self, reader, startdoc: int, docmap: dict | None):
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
        # Its documents keep their order, startdoc on: its terms' blocks can be kept (copied()).
        self.shifted = self.newnum is None and self.gone is None

    def terms(self, name: str):
        """(term, term info bytes) of the field, in order."""
        return ((term, raw) for term, raw, _ in postings.prefixed(self.reader, name, b""))

    def copied(self, raw: bytes, pack) -> tuple[tuple, bytes, int] | None:
        """A term's postings as the merged segment holds them, each block's first and last id
        startdoc more and nothing else decoded: (term info numbers: weight, documents, shortest and
        longest length bytes, top weight, first and last id; the blocks without the postings'
        header; where the last block's size is in them). None when they are not the bulk writer's
        layout. `pack(pickle)`: (compression, block data) as the writer stores a block."""
        flags, weight, df, low, high, top, first, last = _TERM_INFO.unpack_from(raw)
        if flags or not self.shifted:
            return None
        offset, length = unpack_long(raw[_TERM_INFO.size:_TERM_INFO.size + 8])[0], unpack_int(raw[-4:])[0]
        blob = self.reader._terms._postfile.get(offset, length)
        start = self.startdoc
        if blob[:4] != WHOOSH3_HEADER_MAGIC:
            return None
        numbers = (weight, df, low, high, top, first + start, last + start)
        stream = BytesIO(blob)
        pieces, position, final, at = [], 4, False, 0
        while not final:
            (size,) = _INT.unpack_from(blob, position)
            final, size = size < 0, abs(size)
            if not start:
                at, position = position - 4, position + 4 + size
                continue
            stream.seek(position + 4)
            count, block_top, weight, compression, low, high = load(stream)
            position += 4 + size
            data = blob[stream.tell():position]
            data = _shift_first(decompress(data) if compression else data, start)
            if data is None:
                return None
            compression, data = pack(data)
            head = dumps((count, block_top + start, weight, compression, low, high), 2)
            at += sum(map(len, pieces[-3:]))
            pieces += (pack_int(-(len(head) + len(data)) if final else len(head) + len(data)), head, data)
        return numbers, blob[4:] if not start else b"".join(pieces), at

    def postings(self, raw: bytes, format_) -> tuple[list, list, list]:
        """(new document numbers, weights, values) of one term, without deleted documents."""
        info = W3TermInfo.from_bytes(raw)
        read = _read_blocks(self.reader, info, format_.fixed_value_size())
        if read is None:  # not what the bulk writer writes: read as a search reads it
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
        sizes = field_lengths(self.reader, name)
        old = np.arange(len(sizes), dtype=np.int64)
        if self.gone is not None:
            old = old[~np.isin(old, self.gone)]
        new = self.newnum[old] if self.newnum is not None else old + self.startdoc
        lengths.update(zip(new.tolist(), map(sizes.__getitem__, old.tolist())))


def field_terms(name: str, format_, own: dict[bytes, list], merging: list[Merged], pack, blocklimit: int):
    """(term, postings) of one field, terms in order: the writer's own postings, then each merged
    segment's, a term at a time. Postings: (ids, weights, values), or Copied: the blocks of merged
    segments kept (`pack`: how the writer stores a block; `blocklimit`: its postings a block)."""
    sources = [_tagged(((term, None) for term in sorted(own)), 0)]
    sources += [_tagged(merged.terms(name), n) for n, merged in enumerate(merging, 1)]
    current, held = None, []
    for count, (term, source, raw) in enumerate(chain(merge(*sources), [(None, 0, None)])):  # the last flushed too
        if not count % _RELEASE:
            for merged in merging:
                release(merged.reader)
        if term != current:
            postings = _joined(held, own, merging, format_, pack, blocklimit) if held else None
            if postings and postings[0]:  # no ids when every document holding the term is deleted
                yield current, postings
            current, held = term, []
        held.append((source, raw))


class Copied(tuple):
    """(term info without its extent, postings) of a term whose blocks were copied (Merged.copied)."""


def _joined(held: list, own: dict, merging: list[Merged], format_, pack, blocklimit: int):
    # A term of merged segments only, held by one (most terms) or by each in at least a part of a
    # block (decoding and compressing a common word's blocks again was much of a merge), keeps its
    # blocks; the others are decoded and written again in whole blocks.
    if all(source for source, _ in held) and (
            len(held) == 1 or all(_TERM_INFO.unpack_from(raw)[2] >= blocklimit // _PART for _, raw in held)):
        parts = [merging[source - 1].copied(raw, pack) for source, raw in held]
        if None not in parts:
            return Copied(_concatenated(parts))
    ids, weights, values = [], [], []
    for source, raw in held:
        if source == 0:
            flat = own[raw]
            ids, weights, values = flat[0::3], flat[1::3], flat[2::3]
        else:
            more = merging[source - 1].postings(raw, format_)
            ids += more[0]
            weights += more[1]
            values += more[2]
    return ids, weights, values


def _concatenated(parts: list) -> tuple[bytes, bytes]:
    """(term info without its extent, postings) of the parts Merged.copied gave, one after the other:
    only the last part's last block says it is the last."""
    numbers = [part[0] for part in parts]
    info = _TERM_INFO.pack(0, sum(n[0] for n in numbers), sum(n[1] for n in numbers), min(n[2] for n in numbers),
                           max(n[3] for n in numbers), max(n[4] for n in numbers), numbers[0][5], numbers[-1][6])
    pieces = [WHOOSH3_HEADER_MAGIC]
    for n, (_, body, at) in enumerate(parts, 1):
        if n < len(parts):
            (size,) = _INT.unpack_from(body, at)
            body = body[:at] + pack_int(-size) + body[at + 4:]
        pieces.append(body)
    return info, b"".join(pieces)


def _shift_first(data: bytes, start: int) -> bytes | None:
    """A block's pickle (deltas, weights, values) with its first id `start` more: the deltas are a
    tuple whose first number is the block's first id (after a mark when it holds more than 3), and
    pickle writes a number the same wherever it is (numbers are not memoized)."""
    at = 3 if data[2:3] == b"(" else 2
    width = _INT_WIDTHS.get(data[at:at + 1])
    if data[:2] not in _PROTOCOLS or width is None:
        return None
    first = int.from_bytes(data[at + 1:at + 1 + width], "little", signed=width == 4)
    return data[:at] + dumps(first + start, 2)[2:-1] + data[at + 1 + width:]


_PROTOCOLS = (b"\x80\x02", b"\x80\x04")  # Whoosh's blocks, the bulk writer's (frame left out)
_INT_WIDTHS = {b"K": 1, b"M": 2, b"J": 4}  # BININT1, BININT2, BININT: how protocol 2 writes an int


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
    """(term, source, raw): equal terms of two sources come in the order of their sources; raw: the
    term info's bytes (the term itself for the writer's own)."""
    for term, raw in terms:
        yield term, source, raw if source else term
