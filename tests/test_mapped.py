"""A merge drops the segments' mapped pages it has read: the importer's memory does not grow with a merge."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from index.library.bulk_writer import BulkWriter
from index.library.mapped import release
from tests.test_bulkwriter import _documents, _dump, _index_in_batches
from tests.test_merging import _segments_then_merge


def _resident_kb(segment_file: Path) -> int:
    """This process's resident KB of its mappings of the file (/proc/self/smaps)."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and len(head) >= 5:  # a mapping's first line
            inside = line.rstrip().endswith(str(segment_file))
        elif inside and line.startswith("Rss:"):
            total += int(head[1])
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps (Linux)")
def test_release_drops_a_read_segments_pages_and_it_reads_the_same_after(tmp_path):
    docs = _documents()
    ix = _index_in_batches(tmp_path, "lib", BulkWriter, [docs])
    reader = ix.reader()
    (segment_file,) = [path for path in (tmp_path / "lib").iterdir() if path.suffix == ".seg"]
    before = [reader.stored_fields(n) for n in range(reader.doc_count_all())]
    source = reader._storage.a._source
    source[:]  # every page of the segment read
    assert _resident_kb(segment_file) > 0
    release(reader)
    assert _resident_kb(segment_file) == 0
    assert [reader.stored_fields(n) for n in range(reader.doc_count_all())] == before
    reader.close()


def test_a_merge_dropping_pages_at_every_term_and_document_matches_whoosh(tmp_path, monkeypatch):
    import index.library.merge_docs as merge_docs
    import index.library.merging as merging

    monkeypatch.setattr(merging, "_RELEASE", 1)
    monkeypatch.setattr(merge_docs, "_RELEASE", 1)
    docs = _documents()
    parts = [docs[:120], docs[120:260], docs[260:330]]
    gone = docs[130]["thread"]
    last = [fields for fields in docs[330:] if fields["thread"] != gone]
    ours = _segments_then_merge(tmp_path, "bulk", BulkWriter, parts, gone, last)
    theirs = _segments_then_merge(tmp_path, "whoosh", SegmentWriter, parts, gone, last)
    assert len(ours.reader().leaf_readers()) == 1
    assert _dump(ours) == _dump(theirs)
