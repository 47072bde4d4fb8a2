"""Merging segments at commit: their documents' stored fields, lengths and columns, in the writer's per-document files."""

from __future__ import annotations

from functools import lru_cache

from index.library import whoosh_patches  # noqa: F401,I001  (before any whoosh import: it imports whoosh lightly)
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN
from whoosh.columns import CompressedBytesColumn, TranslatingColumnReader, VarBytesColumn
from whoosh.util.numeric import byte_to_length, length_to_byte

from index.library.mapped import release
from index.library.whoosh_patches import length_bytes

_RELEASE = 4096  # documents read between drops of the segment's mapped pages (mapped.py)


def write_per_doc(writer, fieldnames, reader) -> dict | None | bool:
    """SegmentWriter.write_per_doc for `writer` (a merged segment's stored fields, lengths and
    columns; its docmap), each length and column read whole: its calls per document and field were
    a fifth of a merge. False where it cannot (the caller then runs Whoosh's)."""
    pdw, schema = writer.perdocwriter, writer.schema
    perdoc = getattr(reader, "_perdoc", None)
    if (not hasattr(pdw, "_storedfields") or not hasattr(perdoc, "_cached_reader")
            or any(schema[name].vector for name in fieldnames if name in schema)):
        return False
    every = reader.doc_count_all()
    lengths = []  # (field, its length column's name, every document's length byte)
    for name in sorted(fieldnames):
        column = perdoc._cached_reader(f"_{name}_len", LENGTHS_COLUMN)
        if column is not None:
            lengths.append((name, f"_{name}_len", length_bytes(column, every)))
    columns = []  # (field, its column type, every document's value)
    for name in sorted(fieldnames):
        coltype = schema[name].column_type if name in schema else None
        if coltype and reader.has_column(name):
            creader = reader.column_reader(name, coltype)
            if isinstance(creader, TranslatingColumnReader):
                creader = creader.raw_column()
            columns.append((name, coltype, [creader[docnum] for docnum in range(every)]))
    totals = pdw._fieldlengths
    docmap = {} if reader.has_deletions() else None
    copy = _stored_copier(perdoc, pdw)
    for docnum, stored in ((n, None) for n in reader.all_doc_ids()) if copy else reader.iter_docs():
        if not docnum % _RELEASE:
            release(reader)
        if docmap is not None:
            docmap[docnum] = writer.docnum
        pdw.start_doc(writer.docnum)
        for name, lenfield, values in lengths:
            length = _byte_length(values[docnum])
            if length:
                pdw.add_column_value(lenfield, LENGTHS_COLUMN, length_to_byte(length))
                totals[name] += length
        for name, coltype, values in columns:
            pdw.add_column_value(name, coltype, values[docnum])
        if copy:
            copy(docnum, writer.docnum)
        else:
            pdw._storedfields = {name: value for name, value in stored.items()
                                 if value is not None and (name in fieldnames or name in schema)}
        pdw.finish_doc()
        writer.docnum += 1
    return docmap


def _stored_copier(perdoc, pdw):
    """copy(old, new): a document's stored fields as the segment holds them (pickled, compressed),
    or None where the columns are not whoosh3's. Unpickling and pickling, decompressing and
    compressing them again was a fifth of a merge; every segment was written with this schema
    (a schema change rebuilds the library), so its stored fields are those a writer keeps."""
    source = getattr(perdoc._cached_reader("_stored", STORED_COLUMN), "_child", None)
    target = getattr(pdw._colwriters.get("_stored") if hasattr(pdw, "_colwriters") else None, "_child", None)
    if type(source) is not CompressedBytesColumn.Reader or type(target) is not CompressedBytesColumn.Writer:
        return None

    def copy(old: int, new: int) -> None:
        value = VarBytesColumn.Reader.__getitem__(source, old)
        if value:  # a document without stored fields has none written (finish_doc)
            VarBytesColumn.Writer.add(target, new, value)

    return copy


def field_lengths(reader, name: str) -> list[int]:
    """Every document's length in the field, as reader.doc_field_length(docnum, name, 0) gives it."""
    column = reader._perdoc._cached_reader(f"_{name}_len", LENGTHS_COLUMN)
    every = reader.doc_count_all()
    return [0] * every if column is None else [_byte_length(value) for value in length_bytes(column, every)]


@lru_cache(maxsize=256)
def _byte_length(value: int) -> int:
    return byte_to_length(value) if value else 0
