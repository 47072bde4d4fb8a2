"""Whoosh's numeric columns read whole by our patch give the values whoosh reads one document at a time."""

from __future__ import annotations

from pathlib import Path

from whoosh.codec.whoosh3 import LENGTHS_COLUMN

from index.library import whoosh_patches  # noqa: F401  (applies the patches)
from index.library.store import Library


def _library(tmp_path: Path) -> Library:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(4):
        posts = "\n-----\n".join(f"post {i} of thread {n}: " + "ships " * (i * 7 + n) for i in range(3 + n))
        (corpus / f"t{n}.txt").write_text(f"Thread {n} title\n\n{posts}\n", encoding="utf-8")
    library = Library.open(tmp_path / "lib")
    library.import_paths([corpus])
    return library


def test_numeric_columns_iterate_to_the_values_read_one_by_one(tmp_path):
    library = _library(tmp_path)
    reader = library.stored.searcher.reader()
    checked = 0
    for leaf, _ in reader.leaf_readers():
        size = leaf.doc_count_all()
        columns = [leaf.column_reader("post")]
        # Lengths of every field, as the scorer reads them; titles only on thread documents, so the
        # column stops short and the rest are its default.
        columns += [leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN) for field in ("own", "title")]
        for column in columns:
            iterated = list(column)
            assert iterated == [column[docnum] for docnum in range(size)]
            assert len(iterated) == size and len(set(iterated)) > 1
            checked += 1
    assert checked >= 3
    library.close()


def test_variable_length_columns_find_each_documents_value(tmp_path):
    library = _library(tmp_path)
    reader = library.stored.searcher.reader()
    checked = 0
    for leaf, _ in reader.leaf_readers():
        column = leaf.column_reader("thread", translate=False)
        assert not column.had_stored_offsets  # the offsets are derived from the lengths: the patched path
        lengths = list(column._lengths)
        assert list(column._offsets) == [sum(lengths[:i]) for i in range(len(lengths))]
        values = [column[docnum] for docnum in range(leaf.doc_count_all())]
        assert len(set(values)) > 2
        for docnum in range(leaf.doc_count_all()):  # stored fields sit in such a column too
            stored = leaf.stored_fields(docnum)
            assert stored.get("thread", "").encode() == values[docnum]
            checked += 1
    assert checked > 10
    library.close()


def test_length_bytes_are_the_lengths_read_one_by_one(tmp_path):
    library = _library(tmp_path)
    reader = library.stored.searcher.reader()
    short = 0
    for leaf, _ in reader.leaf_readers():
        size = leaf.doc_count_all()
        for field in ("own", "title"):
            column = leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
            found = whoosh_patches.length_bytes(column, size)
            assert list(found) == [column[docnum] for docnum in range(size)]
            short += column._count < size  # the title column stops short: the rest are zeros
    assert short
    library.close()


def test_hash_tables_directory_read_at_once_is_the_one_read_entry_by_entry(tmp_path):
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.filedb import filetables

    library = _library(tmp_path)
    reader = library.stored.searcher.reader()
    checked = 0
    for leaf, _ in reader.leaf_readers():
        terms = leaf._terms._tindex  # the segment's terms table, opened by the patched __init__
        length = leaf._storage.file_length(leaf.segment().make_filename(W3Codec.TERMS_EXT))
        # The directory entry by entry, as whoosh-reloaded reads it.
        dbfile, size = terms.dbfile, filetables._dir_entry.size
        exptr = terms.startoffset + length - filetables._INT_SIZE
        start = exptr - dbfile.get_int(exptr) - filetables._directory_size
        one_by_one = [filetables._dir_entry.unpack(dbfile.get(start + i * size, size)) for i in range(256)]
        assert terms.tables == one_by_one
        assert terms.endofdata == one_by_one[0][0] and sum(slots for _, slots in one_by_one) > 0
        assert ("own", b"ship") in leaf._terms  # a term still found through the table (stemmed "ships")
        checked += 1
    assert checked
    library.close()
