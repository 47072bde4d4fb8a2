"""A Whoosh segment writer that keeps a batch's postings in memory and writes them a block at a time.

Whoosh's own writer pickles every posting into a temporary sort pool and feeds them back one
by one at commit; for the library's 100-odd postings a post that was most of an import.
Documents come in already analyzed (index/documents.py), postings are grouped per term as
they arrive (document numbers only grow), and each term is written in whole blocks.
"""

from __future__ import annotations

from array import array

from whoosh.writing import SegmentWriter

from index.documents import Preparer


class BulkWriter(SegmentWriter):
    """SegmentWriter with add_prepared(); deletions, merges, the TOC and locking stay Whoosh's."""

    def __init__(self, ix, preparer: Preparer | None = None, **kwargs):
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
        # Segments merged in at commit: their postings join ours (their documents come after ours).
        schema, terms, lengths = self.schema, self._terms, self._lengths
        for name, term, old, weight, value in reader.iter_postings():
            if name not in schema:
                continue
            new = docmap[old] if docmap is not None else startdoc + old
            flat = terms.setdefault(name, {}).setdefault(term, [])
            flat += (new, weight, value or b"")
            if schema[name].scorable:
                sizes = lengths.setdefault(name, {})
                if new not in sizes:
                    sizes[new] = reader.doc_field_length(old, name, 0) or 0

    # Writing ---------------------------------------------------------------------

    def _flush_segment(self):
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(self._terms):
            postings = self._terms[name]
            writer.start_field(name, self.schema[name])
            lengths = self._lengths.get(name, {})
            for term in sorted(postings):
                writer.start_term(term)
                _write_postings(writer._postwriter, postings[term], lengths)
                writer.finish_term()
            writer.finish_field()
        self._terms.clear()
        self._lengths.clear()
        self.fieldwriter.close()


def _write_postings(postwriter, flat: list, lengths: dict[int, int]) -> None:
    """One term's postings in blocks, exactly as W3PostingsWriter.add_posting would buffer them."""
    ids, weights, values = flat[0::3], flat[1::3], flat[2::3]
    limit = postwriter._blocklimit
    total = len(ids)
    for start in range(0, total, limit):
        end = min(start + limit, total)
        block_ids = ids[start:end]
        block_weights = weights[start:end]
        postwriter._ids = array("I", block_ids)
        postwriter._weights = array("f", block_weights)
        postwriter._values = [value for value in values[start:end] if value]
        postwriter._maxweight = max(0, max(block_weights))
        sizes = [size for size in map(lengths.get, block_ids) if size]
        postwriter._minlength = min(sizes) if sizes else None
        postwriter._maxlength = max(sizes) if sizes else 0
        if end < total:  # add_posting writes a full block only when the next posting arrives
            postwriter._write_block()


# Merging happens in memory (add_postings_to_pool), so it is bounded by what a merge may hold.
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
