"""Which segments a commit merges: segments of similar size (a tier) merge once there are enough of them."""

from __future__ import annotations

import math

# A merge streams the segments it takes a term at a time, at about 3 documents a millisecond: every
# document merged again costs import time, so segments merge by tiers (sizes within a factor TIER of
# each other), a tier's segments only once there are TIER of them. A library of N documents keeps
# about (TIER - 1) segments a tier, log(N / SMALL_SEGMENT_DOCS) / log(TIER) tiers; each document is
# merged about once a tier. The segments import workers bring to a commit count in their tier (they
# are merged at a later commit, once in the index).
SMALL_SEGMENT_DOCS = 5_000  # segments smaller than this are folded into the next commit's segment
TIER = 8
# No merge makes a segment larger: a merge's time grows with it (its memory no longer does: the
# segments' pages it has read are dropped as it goes, mapped.py; 48,000 debate-shaped documents
# merged in ~70 MB, where the pages it held had taken the importer to ~200 MB).
MERGE_CAP_DOCS = 50_000


def tier(docs: int) -> int:
    """A segment's tier by its live documents: the nearest power of TIER of docs / SMALL_SEGMENT_DOCS
    (a merge of the TIER - 2 segments waiting beside 2 brought in lands in the next tier)."""
    return max(0, round(math.log(max(docs, 1) / SMALL_SEGMENT_DOCS, TIER)))


def plan(segments: list[tuple[int, int]], incoming: list[int], pending: int) -> list[int]:
    """Which segments (live, deleted documents each) a commit merges into its new segment (which holds
    `pending` documents), given the segments it brings in as they are (`incoming`, live documents):
    the small or mostly deleted ones, then, lowest tier first, every segment of a tier holding TIER."""
    order = sorted(range(len(segments)), key=lambda n: segments[n][0])
    chosen: list[int] = []
    for n in order:
        live, deleted = segments[n]
        if (live < SMALL_SEGMENT_DOCS or deleted > live) and pending + live <= MERGE_CAP_DOCS:
            chosen.append(n)
            pending += live
    while True:
        tiers: dict[int, list[int | None]] = {}
        for n in order:
            if n not in chosen:
                tiers.setdefault(tier(segments[n][0]), []).append(n)
        for docs in incoming + ([pending] if pending else []):
            tiers.setdefault(tier(docs), []).append(None)
        for members in (tiers[level] for level in sorted(tiers)):
            if len(members) < TIER:
                continue
            taken = []  # the tier's own segments, smallest first, as far as the cap allows
            for n in (n for n in members if n is not None):
                if pending + segments[n][0] > MERGE_CAP_DOCS:
                    break
                taken.append(n)
                pending += segments[n][0]
            if len(taken) > 1 or (taken and pending > segments[taken[0]][0]):  # fewer segments after
                chosen += taken
                break
            pending -= sum(segments[n][0] for n in taken)
        else:
            return chosen


def merge_policy(writer, segments):
    """A mergetype for commit(): the segments to keep as they are; the rest join the new segment."""
    from whoosh.reading import SegmentReader

    incoming = [segment.doc_count() for segment in getattr(writer, "_incoming", ())]
    sizes = [(segment.doc_count(), segment.deleted_count()) for segment in segments]
    chosen = [segments[n] for n in plan(sizes, incoming, writer.doc_count())]
    if not chosen or (len(chosen) == 1 and not writer._added and not chosen[0].has_deletions()):
        return segments
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in chosen]
