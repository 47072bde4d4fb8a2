"""Merges at commit: several segments at once, streamed a term at a time, give what Whoosh's own merge gives."""

from __future__ import annotations

from whoosh.writing import SegmentWriter

from index.library.bulk_writer import BulkWriter
from index.library.tiers import MERGE_CAP_DOCS, SMALL_SEGMENT_DOCS, TIER, merge_policy, plan, tier
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


def _merge_every_segment(writer, segments):
    from whoosh.reading import SegmentReader

    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return []


def _segments_merged_alone(tmp_path, name, writer_class, parts):
    """Each part its own segment, then a commit adding nothing that merges them all: no document
    is deleted or added, so the merged segments' terms may keep their blocks."""
    ix = _index_in_batches(tmp_path, name, writer_class, parts, merge=False)
    writer_class(ix).commit(mergetype=_merge_every_segment)
    return ix


def test_blocks_kept_by_a_merge_read_back_as_whoosh_merges_them(tmp_path, monkeypatch):
    import index.library.merging as merging

    kept = []
    concatenated = merging._concatenated
    monkeypatch.setattr(merging, "_concatenated", lambda parts: kept.append(len(parts)) or concatenated(parts))
    docs = _documents()
    common = [fields for fields in docs if "common" in fields.get("own", "").split()]
    rest = [fields for fields in docs if fields not in common]
    # The first segment's blocks are copied as they are, the others' with their ids shifted; "common"
    # has whole blocks in each of the last two, which join one after the other.
    parts = [rest[:60], rest[60:] + common[:140], common[140:]]
    ours = _segments_merged_alone(tmp_path, "bulk", BulkWriter, parts)
    theirs = _segments_merged_alone(tmp_path, "whoosh", SegmentWriter, parts)
    assert len(ours.reader().leaf_readers()) == 1
    assert 2 in kept and 1 in kept
    assert _dump(ours) == _dump(theirs)


def test_segments_brought_in_by_a_commit_count_in_their_tier():
    waiting = [(6_000, 0)] * (TIER - 2)
    assert plan(waiting, [], 0) == []
    assert sorted(plan(waiting, [6_000, 6_000], 0)) == list(range(TIER - 2))


def test_small_and_mostly_deleted_segments_join_the_next_commit():
    assert sorted(plan([(100_000, 0), (SMALL_SEGMENT_DOCS - 1, 0), (9_000, 9_001)], [], 10)) == [1, 2]


def _import(commits: int, batch: list[int]) -> tuple[list[int], int, int]:
    """(segments' sizes, most segments after a commit, documents merged) after `commits` commits each
    bringing in the segments `batch`, as plan() merges them."""
    segments, most, merged = [], 0, 0
    for _ in range(commits):
        chosen = plan([(docs, 0) for docs in segments], batch, 0)
        new = sum(segments[n] for n in chosen)
        assert new <= MERGE_CAP_DOCS
        merged += new
        segments = [docs for n, docs in enumerate(segments) if n not in chosen] + ([new] if new else []) + batch
        most = max(most, len(segments))
    return segments, most, merged


def test_segments_stay_few_and_each_document_is_merged_about_once_a_tier():
    for batch in ([5_500, 5_500], [6_200, 6_200], [12_000]):
        for commits in range(1, 2 * MERGE_CAP_DOCS // sum(batch)):  # past the cap, segments only add up
            segments, most, merged = _import(commits, batch)
            tiers = tier(sum(segments)) + 1
            assert most <= TIER * tiers, (commits, segments)
            assert merged <= sum(segments) * tiers, (commits, merged)
    segments, most, _ = _import(10, [5_500, 5_500])  # a 100,000-post import (14 segments before)
    assert len(segments) <= 5 and most <= TIER


def test_a_merge_copies_stored_fields_as_stored_and_they_read_back_as_whoosh_merges_them(tmp_path, monkeypatch):
    import index.library.merge_docs as merge_docs

    copiers = []
    stored_copier = merge_docs._stored_copier
    monkeypatch.setattr(merge_docs, "_stored_copier", lambda *a: copiers.append(stored_copier(*a)) or copiers[-1])
    docs = _documents()
    parts = [docs[:150], docs[150:300], docs[300:]]
    gone = docs[160]["thread"]
    ours = _segments_then_merge(tmp_path, "bulk", BulkWriter, parts, gone, [])
    theirs = _segments_then_merge(tmp_path, "whoosh", SegmentWriter, parts, gone, [])
    assert copiers and None not in copiers  # every segment's stored fields copied without unpickling
    assert _dump(ours) == _dump(theirs)
