"""Merges at commit: several segments at once, streamed a term at a time, give what Whoosh's own merge gives."""

from __future__ import annotations

from whoosh.writing import SegmentWriter

from index.library.bulk_writer import BulkWriter
from index.library.merging import merge_policy
from tests.test_bulkwriter import _documents, _dump, _index_in_batches


def _segments_then_merge(tmp_path, name, writer_class, parts, gone, last):
    """Each part its own segment (no merge), a thread deleted, then one commit that merges them all."""
    ix = _index_in_batches(tmp_path, name, writer_class, parts, merge=False)
    writer = writer_class(ix)
    writer.delete_by_term("thread", gone)
    for fields in last:
        writer.add_document(**fields)
    writer.commit(mergetype=merge_policy)
    return ix


def test_one_commit_merging_several_segments_with_deletions_matches_whoosh(tmp_path):
    docs = _documents()
    parts = [docs[:120], docs[120:200], docs[200:330], docs[330:400]]
    gone = docs[130]["thread"]
    last = [fields for fields in docs[400:] if fields["thread"] != gone]
    ours = _segments_then_merge(tmp_path, "bulk", BulkWriter, parts, gone, last)
    theirs = _segments_then_merge(tmp_path, "whoosh", SegmentWriter, parts, gone, last)
    assert len(ours.reader().leaf_readers()) == 1  # all four small segments went into the new one
    with ours.searcher() as searcher:
        assert not list(searcher.documents(thread=gone))
    assert _dump(ours) == _dump(theirs)


def test_a_commit_that_adds_nothing_still_merges_several_segments(tmp_path):
    docs = _documents()
    parts = [docs[:100], docs[100:250], docs[250:]]
    gone = docs[260]["thread"]
    ours = _segments_then_merge(tmp_path, "bulk", BulkWriter, parts, gone, [])
    theirs = _segments_then_merge(tmp_path, "whoosh", SegmentWriter, parts, gone, [])
    assert len(ours.reader().leaf_readers()) == 1
    assert _dump(ours) == _dump(theirs)
