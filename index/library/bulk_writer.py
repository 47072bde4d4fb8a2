"""A Whoosh segment writer that keeps a batch's postings in memory and writes them a block at a time.

Whoosh's own writer pickles every posting into a temporary sort pool and feeds them back one
by one at commit; for the library's 100-odd postings a post that was most of an import.
Documents come in already analyzed (index/documents.py), postings are grouped per term as
they arrive (document numbers only grow), and each term is written in whole blocks.
"""

from __future__ import annotations

from functools import partial

from index.library import whoosh_patches  # noqa: I001  (before any whoosh import: it imports whoosh lightly)
from whoosh.writing import SegmentWriter

from index.library import merge_docs
from index.library.documents import Preparer
from index.library.merging import Copied, Merged, field_terms
from index.library.term_writer import TermWriter, pack_block
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
            pack = partial(pack_block, level=codec._compression)
            for term, postings in field_terms(name, fieldobj.format, self._terms.get(name, {}), merging, pack,
                                              codec._blocklimit):
                if terms is None:
                    writer.start_field(name, fieldobj)
                    terms = TermWriter(writer, fieldobj.format, lengths, codec._blocklimit, codec._compression)
                if type(postings) is Copied:
                    terms.copy(term, *postings)
                else:
                    terms.write(term, *postings)
            if terms is not None:
                terms.finish()
                writer.finish_field()
