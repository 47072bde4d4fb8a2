"""A word's posting list in one segment, read straight from the segment's files, each word looked up once per segment and query.

A query asks a word's segments whether they hold it, how many documents it has and its postings:
through Whoosh each is a walk of the segment's terms hash table in Python, and opening a matcher
reads and unpickles the first block again. Searches of a library of many segments spent most of
their time there. Here a word's term info is looked up once per segment for the whole query and
its blocks are decoded as W3LeafMatcher decodes them, without building one; a word's positions
are unpickled only when asked for, and a reader that needs only some documents (a phrase's common
word) skips the blocks holding none of them.
"""

from __future__ import annotations

import io
import math
import pickle
import struct
import zlib
from bisect import bisect_right

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.reading import TermNotFound

_IDS = np.zeros(0, dtype=np.int64)
_WEIGHTS = np.zeros(0, dtype=np.float64)
_INT = struct.Struct("!i")  # whoosh.system.pack_int: a block's size, negative for the last block
_ENCODE = b"c_codecs\nencode\n"  # the pickle's GLOBAL opcode naming what makes bytes of its values
_BYTES = b"c__builtin__\nbytes\n"  # protocol 2's name of builtins.bytes
_MARK = ord("(")
_PAIR = b"\x86."  # TUPLE2, STOP
_DOC_FREQUENCY = struct.Struct("!I")  # in W3TermInfo's bytes, after its flags and total weight
_DOC_FREQUENCY_AT = 5


class Unsupported(Exception):
    """Postings this module cannot read (another codec): the caller falls back to Whoosh's matchers."""


class Lookups:
    """The term infos of one query's words in every segment of a searcher, each looked up once."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.readers = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
        self._infos: dict[tuple, object] = {}
        self._walked: dict[tuple, list[bytes]] = {}  # (segment, field) -> prefixes whose every word is known
        self._documents: int | None = None

    def info(self, reader, field: str, text: bytes):
        """The word's term info in the segment, or None when the segment does not hold it."""
        key = (id(reader), field, text)
        try:
            found = self._infos[key]
        except KeyError:
            pass
        else:
            if type(found) is bytes:  # as a walk of the segment's words left it
                found = self._infos[key] = W3TermInfo.from_bytes(found)
            return found
        if any(text.startswith(prefix) for prefix in self._walked.get(key[:2], ())):
            return None
        try:
            found = reader.term_info(field, text)
        except (TermNotFound, KeyError):
            found = None
        self._infos[key] = found
        return found

    def walked(self, reader, field: str, prefix: bytes, found: dict) -> None:
        """Every word of the segment's field starting with `prefix` is in `found` (word -> term
        info, or its bytes as prefixed() gives them), as a walk of its terms gave them (the
        expansion of a wildcard walks them anyway)."""
        for text, info in found.items():
            self._infos[(id(reader), field, text)] = info
        self._walked.setdefault((id(reader), field), []).append(prefix)

    def doc_frequency(self, reader, field: str, text: bytes) -> int:
        """Documents of the segment holding the word, deleted ones included (as Whoosh counts)."""
        found = self.info(reader, field, text)
        return found.doc_frequency() if found is not None else 0

    def anywhere(self, field: str, text: bytes) -> bool:
        """Whether any segment holds the word (MultiReader.__contains__)."""
        return any(self.info(reader, field, text) is not None for reader in self.readers)

    def idf(self, field: str, text: bytes) -> float:
        """Whoosh's WeightingModel.idf over the whole library, from the segments' term infos."""
        key = ("idf", field, text)
        if key not in self._infos:
            df = sum(self.doc_frequency(reader, field, text) for reader in self.readers)
            if self._documents is None:
                self._documents = self.searcher.doc_count_all()
            self._infos[key] = math.log(self._documents / (df + 1)) + 1
        return self._infos[key]


def prefixed(reader, field: str, prefix: bytes):
    """(word, term info bytes, documents holding it) of the segment's words in the field starting
    with `prefix`, in order: its terms table read as it is stored (Whoosh's own walk builds a term
    info object for each word, most of a wildcard's expansion in a library of many segments)."""
    table = getattr(reader, "_terms", None)
    if not hasattr(table, "_tindex") or not hasattr(table, "_keycoder"):
        raise Unsupported
    start = table._keycoder(field, prefix)
    unpack = _DOC_FREQUENCY.unpack_from
    for key, raw in table._tindex.items_from(start):
        if not key.startswith(start):
            return
        yield key[2:], raw, unpack(raw, _DOC_FREQUENCY_AT)[0]


def deleted(reader, cache: dict) -> np.ndarray | None:
    """The segment's deleted document numbers (None: it has none), kept in `cache`."""
    key = ("deleted", id(reader))
    if key not in cache:
        cache[key] = np.fromiter(reader.deleted_docs_set, dtype=np.int64) if reader.has_deletions() else None
    return cache[key]


def read(reader, info, format_, gone: np.ndarray | None, values: bool = False,
         within: np.ndarray | None = None) -> tuple:
    """(ids, weights) of one word in one segment from its term info, without the documents in
    `gone`; with `values`, also each posting's encoded value (its positions). With `within` (sorted
    ids), blocks holding none of those ids are left undecoded: their postings are left out too."""
    if info.is_inlined():
        ids, weights, encoded = info.inlined_postings()
        ids, weights, encoded = np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64), list(encoded)
    else:
        ids, weights, encoded = _blocks(reader, info, format_, values, within)
    if gone is not None and len(ids):
        kept = ~np.isin(ids, gone)
        ids, weights = ids[kept], weights[kept]
        encoded = [value for value, keep in zip(encoded, kept) if keep] if values else encoded
    return (ids, weights, encoded) if values else (ids, weights)


def _blocks(reader, info, format_, values: bool, within: np.ndarray | None) -> tuple:
    postfile = getattr(getattr(reader, "_terms", None), "_postfile", None)
    if postfile is None or not hasattr(postfile, "get"):
        raise Unsupported
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps unpack_int's tuple
        (length,) = length
    blob = postfile.get(offset, length)
    if blob[:4] != WHOOSH3_HEADER_MAGIC:
        raise Unsupported
    stream = io.BytesIO(blob)
    fixed = format_.fixed_value_size()
    ids, weights, encoded = [], [], []
    position, last, after, base = 4, False, -1, 0  # base: the top id of the last block read
    wanted = None if within is None else within.tolist()
    while not last:
        (size,) = _INT.unpack_from(blob, position)
        last, size = size < 0, abs(size)
        stream.seek(position + 4)
        count, top, _, compression, _, _ = pickle.load(stream)
        position += 4 + size
        # The block holds ids after the last block's greatest up to its own: a common word's
        # blocks are most of a phrase's cost, and most hold none of the rare word's documents.
        skip = wanted is not None and bisect_right(wanted, top) == bisect_right(wanted, after)
        after = top
        if skip:
            continue
        data = blob[stream.tell():position]
        deltas, block_weights, block_values = _unpickled(data, compression, count, values)
        # One array for all blocks (numpy's cost per call was much of a common word's reading): a
        # block's first id is counted from 0, the others from the id before them.
        if ids:
            ids.append(deltas[0] - base)
            ids.extend(deltas[1:])
        else:
            ids.extend(deltas)
        base = top
        if block_weights is None:
            weights.extend((1.0,) * count)
        elif isinstance(block_weights, float):  # Whoosh fills an array("f"): 32-bit, as written
            weights.extend((float(np.float32(block_weights)),) * count)
        else:
            weights.extend(block_weights)
        if values:
            encoded.extend(_values(block_values, fixed, count))
    if not ids:
        return _IDS, _WEIGHTS, encoded
    return np.cumsum(np.array(ids, dtype=np.int64)), np.array(weights, dtype=np.float64), encoded


def _unpickled(data: bytes, compression: int, count: int, values: bool) -> tuple:
    """A block's (id deltas, weights, values); without `values`, its values left in the pickle.

    The pickled tuple holds the values last, and they are most of a block: unpickling (and
    decompressing) them was most of the time of reading a common word's postings. Without them,
    the pickle is cut where the values begin (_values_start) and the two others closed as a pair."""
    raw = None if compression else data
    if not values:
        head = data
        if compression:  # ids and weights take at most 14 bytes a posting: decompress about that much
            inflater = zlib.decompressobj()
            head = inflater.decompress(data, 64 + 14 * count)
            if _values_start(head, count) <= 0:
                head = raw = head + inflater.decompress(inflater.unconsumed_tail) + inflater.flush()
        found = _without_values(head, count)
        if found is not None:
            return found
    if raw is None:
        raw = zlib.decompress(data)
    if raw[1:2] != b"\x02":  # protocol 4 (the bulk writer's): its bytes unpickle as they are
        return pickle.loads(raw)
    # Protocol 2 writes each value as _codecs.encode(text, "latin1"), which looks the codec up by name
    # every time; bytes(text, "latin1") makes the same bytes without the lookup (a block unpickles in
    # half the time). The name is given once, by the first value: any later one refers back to it.
    return pickle.loads(raw.replace(_ENCODE, _BYTES, 1))


def _values_start(data: bytes, count: int) -> int:
    """Where a block's values begin in its pickle, or -1 (then it is unpickled whole).

    Protocol 2 (Whoosh's writer) writes each value as a call of _codecs.encode: the `encode` the
    first one names, after the values' mark when there are more than 3 (the numbers before it never
    spell that name, an opcode comes at least every 9 bytes). Protocol 4 (the bulk writer's) writes
    a tuple of more than 3 values as a mark, then bytes: the first "(C" (the ids and weights before
    it are numbers; a number's bytes that spell it leave a pickle that fails the checks)."""
    if data[1:2] == b"\x02":
        cut = data.find(_ENCODE)
        if count > 3:
            cut = cut - 1 if cut > 0 and data[cut - 1] == _MARK else -1
        return cut
    return data.find(b"(C", 2) if count > 3 else -1


def _without_values(data: bytes, count: int) -> tuple | None:
    cut = _values_start(data, count)
    if cut <= 0:
        return None
    try:
        found = pickle.loads(data[:cut] + _PAIR)
    except Exception:  # noqa: BLE001 - not the layout expected: the caller unpickles it whole
        return None
    if type(found) is tuple and len(found) == 2 and len(found[0]) == count:
        return found[0], found[1], None
    return None


def _values(stored, fixed: int | None, count: int):
    """A block's values as W3LeafMatcher._read_values gives them."""
    if fixed is None or fixed < 0:
        return stored
    if fixed == 0:
        return (None,) * count
    return tuple(stored[i:i + fixed] for i in range(0, len(stored), fixed))


def union(arrays: list[np.ndarray]) -> np.ndarray:
    """np.unique of the joined id arrays, without np.unique: its plain form imports numpy.ma (~5 ms
    of a one-shot search) to ask whether the array is masked."""
    joined = np.sort(np.concatenate(arrays))
    return joined[np.concatenate(([True], joined[1:] != joined[:-1]))] if len(joined) else joined
