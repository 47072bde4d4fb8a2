"""Whoosh's version pinned, workarounds for whoosh-reloaded 2.7.5 slow paths, and whoosh imported
without what it loads and we never use; applied once on import (import this before whoosh)."""

from __future__ import annotations

import functools
import itertools
import mmap
import struct
import sys
import types
from array import array


def _import_whoosh_lightly() -> None:
    """Import whoosh's core without urllib.request, asyncio and English word forms (~35 ms).

    whoosh.compat imports urllib.request for a `urlretrieve` nothing of ours calls; whoosh.reading
    the cached_property package, which imports asyncio for async methods whoosh does not have;
    whoosh.query.terms builds English word-form tables for Variations queries, which we never
    make. While those whoosh modules load, each name is a small stand-in (functions that import
    the real one when called; functools' cached_property, the same thing for plain methods);
    the stand-ins are removed afterwards, so any later import gets the real module.
    """
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {}
    if "urllib.request" not in sys.modules:
        stand_ins["urllib.request"] = types.ModuleType("urllib.request")
        stand_ins["urllib.request"].urlretrieve = _urlretrieve
    if "cached_property" not in sys.modules:
        stand_ins["cached_property"] = types.ModuleType("cached_property")
        stand_ins["cached_property"].cached_property = functools.cached_property
    if "whoosh.lang.morph_en" not in sys.modules:
        stand_ins["whoosh.lang.morph_en"] = types.ModuleType("whoosh.lang.morph_en")
        stand_ins["whoosh.lang.morph_en"].variations = _variations
    sys.modules.update(stand_ins)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word):
    from whoosh.lang.morph_en import variations

    return variations(word)


_import_whoosh_lightly()

import whoosh  # noqa: E402
from whoosh import columns  # noqa: E402
from whoosh.codec import whoosh3  # noqa: E402
from whoosh.filedb import compound, filetables, structfile  # noqa: E402

from index.library.errors import LibraryError  # noqa: E402

# The bulk writer writes this version's posting format itself, and the patch below replaces one
# of its methods: under any other version, neither may run (tests/test_bulkwriter.py compares
# what both writers put on disk, so a bump is checked before it is pinned here and in pyproject).
PINNED = "2.7.5"


class WhooshVersionError(LibraryError):
    """The installed whoosh-reloaded is not the one the library's writer was built for."""


def installed() -> str | None:
    from importlib.metadata import PackageNotFoundError, version  # only writers ask: it costs 5 ms to import

    try:
        return version("whoosh-reloaded")
    except PackageNotFoundError:
        return None


def check() -> None:
    """Refuse to write with a Whoosh the writer was not checked against: better one line than a bad index."""
    found = installed()
    if found != PINNED:
        raise WhooshVersionError(
            f"whoosh-reloaded {found or '(not installed)'} is installed, but this threadreader writes "
            f"whoosh-reloaded {PINNED}'s format; reinstall threadreader (pip install -e .)"
        )

_MISSING = object()


def _cached_reader(self, fieldname, column):
    # Whoosh caches only the columns it finds: for a field without a lengths column (ID,
    # KEYWORD, NUMERIC) every posting written at commit asked the filesystem again.
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def length_bytes(column, doccount: int) -> bytes:
    """Every document's byte of a field-lengths column (whoosh's NumericColumn "B", 0 after the last
    document written), read whole from the segment: iterating the column costs a Python call per
    document (30 ms of a search at 300,000 posts, growing with the library)."""
    raw = getattr(column, "_dbfile", None)
    if type(column) is not columns.NumericColumn.Reader or column._typecode != "B" or raw is None:
        return bytes(column)
    count = min(column._count, doccount)
    return raw.get(column._basepos, count) + bytes(doccount - count) if count else bytes(doccount)


class _Window:
    """A read-only file over a memoryview that never copies it: whoosh's BufferFile wraps a segment's
    memory map in BytesIO(view), which copies each part of the segment it opens (every postings
    and terms file, the whole index in memory, read from disk at open)."""

    __slots__ = ("_view", "_pos", "_end")

    def __init__(self, view) -> None:
        self._view, self._pos, self._end = view, 0, len(view)

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        stop = self._end if size is None or size < 0 else min(start + size, self._end)
        self._pos = max(start, stop)
        return self._view[start:stop].tobytes()

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        limit = self._end if size is None or size < 0 else min(self._pos + size, self._end)
        stop = self._pos
        while stop < limit:
            chunk = self._view[stop:min(stop + 256, limit)].tobytes()
            newline = chunk.find(b"\n")
            if newline >= 0:
                stop += newline + 1
                break
            stop += len(chunk)
        return self.read(stop - self._pos)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, self._end)[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def getvalue(self) -> bytes:
        return self._view.tobytes()

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass  # the view belongs to the storage's memory map, which closes it


def _buffer_file_init(self, buf, name=None, onclose=None):
    # BufferFile.__init__ as whoosh-reloaded 2.7.5 has it, with a _Window in place of BytesIO(buf).
    self._buf = buf
    self._name = name
    self.file = _Window(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _numeric_iter(self):
    # NumericColumn.Reader.__iter__ as whoosh-reloaded 2.7.5 has it reads one value per document
    # (a slice and an unpack each: ~1.5 us, 150 ms for the length columns a search reads at 100k
    # posts); here the stored values are read at once and unpacked in one call, the same values.
    stored = min(self._count, self._doccount)
    data = self._dbfile.get(self._basepos, stored * self._fixedlen) if stored else b""
    if self._typecode == "B":
        values = iter(data)  # a byte is its own value
    else:
        values = (value for (value,) in struct.iter_unpack("!" + self._typecode, data))
    return itertools.chain(values, itertools.repeat(self._default, self._doccount - stored))


def _read_offsets_and_lengths(self):
    # VarBytesColumn.Reader's, as whoosh-reloaded 2.7.5 has it, with the offsets it derives from the
    # lengths summed by itertools.accumulate instead of a Python loop over every document: that loop
    # ran at the first stored-field read of each segment (a search's first snippet: 10 ms at 100k posts).
    dbfile, doccount = self._dbfile, self._doccount
    lastbyte = self._basepos + self._length - 1
    lens_code = chr(dbfile.get_byte(lastbyte))
    offsets = None
    if lens_code == "X":
        self.had_stored_offsets = True
        lens_code = chr(dbfile.get_byte(lastbyte - 2))
        offsets_code = chr(dbfile.get_byte(lastbyte - 1))
        offsetstart = (lastbyte - 2) - doccount * struct.calcsize(offsets_code)
        offsets = dbfile.get_array(offsetstart, offsets_code, doccount)
        lastbyte = offsetstart
    lenstart = lastbyte - (struct.calcsize(lens_code) * doccount)
    lengths = dbfile.get_array(lenstart, lens_code, doccount)
    if offsets is None:
        offsets = array("L", itertools.accumulate(lengths, initial=0))
        offsets.pop()  # the total, one past the last document
    self._offsets = offsets
    self._lengths = lengths


def _hash_reader_init(self, dbfile, length=None, magic=b"HSH3", startoffset=0):
    # HashReader.__init__ as whoosh-reloaded 2.7.5 has it, with the directory of 256 hash tables
    # read in one read and unpacked in one call instead of 256 reads: every segment's terms table
    # is opened with the searcher, so the loop ran per segment (~1 ms each, 11 segments at 300k posts).
    self.dbfile = dbfile
    self.startoffset = startoffset
    self.is_closed = False
    if length is None:
        dbfile.seek(0, 2)
        length = dbfile.tell() - startoffset
    dbfile.seek(startoffset)
    filemagic = dbfile.read(4)
    if filemagic != magic:
        raise filetables.FileFormatError("Unknown file header %r" % filemagic)
    self.hashtype = dbfile.read_byte()
    self.hashfn = filetables._hash_functions[self.hashtype]
    dbfile.read_int()  # two ints reserved for later versions
    dbfile.read_int()
    self.startofdata = dbfile.tell()
    exptr = startoffset + length - filetables._INT_SIZE
    expos = exptr - dbfile.get_int(exptr)
    dbfile.seek(expos)
    self._read_extras()
    dbfile.seek(expos - filetables._directory_size)
    directory = dbfile.read(filetables._directory_size)
    if len(directory) != filetables._directory_size:
        raise filetables.FileFormatError("Hash table directory cut short")
    self.tables = list(filetables._dir_entry.iter_unpack(directory))
    self.endofdata = self.tables[0][0]


_compound_storage_init = compound.CompoundStorage.__init__


def _compound_storage_init_random(self, *args, **kwargs):
    # A segment is one memory-mapped file, and opening it touches a few places (its terms table's
    # header, directory and extras). Each first touch of a cold page makes the kernel read ahead
    # around it, up to the device's read_ahead_kb (8 MB here): a cold open of a 100k-post library
    # read 118 MB to use 0.5 MB (146 ms), and its first search 106 MB. Reads here are small and
    # scattered (a posting list, a stored document), so no read-ahead: a page fault reads its page.
    _compound_storage_init(self, *args, **kwargs)
    source = getattr(self, "_source", None)
    if source is not None and hasattr(source, "madvise") and hasattr(mmap, "MADV_RANDOM"):
        source.madvise(mmap.MADV_RANDOM)


def apply() -> None:
    # A later version may have fixed it differently: leave its code alone. (whoosh's own version
    # tuple: reading the installed package's metadata costs more than the rest of this module.)
    if ".".join(map(str, whoosh.__version__)) == PINNED:
        whoosh3.W3PerDocReader._cached_reader = _cached_reader
        structfile.BufferFile.__init__ = _buffer_file_init
        columns.NumericColumn.Reader.__iter__ = _numeric_iter
        compound.CompoundStorage.__init__ = _compound_storage_init_random
        columns.VarBytesColumn.Reader._read_offsets_and_lengths = _read_offsets_and_lengths
        filetables.HashReader.__init__ = _hash_reader_init


apply()
