"""Posting lists read straight from a segment's files are what Whoosh's own matchers read, and a query's
words are looked up once per segment."""

from __future__ import annotations

import math

import numpy as np
import pytest
from whoosh.writing import SegmentWriter

from index.library.bulk_writer import BulkWriter
from index.search import postings
from index.search.postings import Lookups
from index.search.vocab import frequencies
from tests.test_bulkwriter import _build, _documents


def _walked(reader, field: str, text: bytes) -> tuple[list, list, list]:
    """(ids, weights, values) as Whoosh's matcher gives them (deleted documents left out)."""
    matcher = reader.postings(field, text)
    ids, weights, values = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value())
        matcher.next()
    return ids, weights, values


@pytest.fixture(scope="module")
def segments(tmp_path_factory):
    """Two indexes of several segments each, one per writer, with a deleted thread in the first segment."""
    docs = _documents()
    built = []
    for name, writer_class in (("bulk", BulkWriter), ("whoosh", SegmentWriter)):
        ix = _build(tmp_path_factory.mktemp(name), name, writer_class, [docs[:150], docs[150:300]])
        writer = writer_class(ix)
        writer.delete_by_term("thread", docs[0]["thread"])
        for fields in docs[300:]:
            writer.add_document(**fields)
        writer.commit()  # no merge: the deletions stay in their segment
        built.append(ix)
    return built


@pytest.mark.parametrize("which", [0, 1], ids=["bulk writer", "whoosh writer"])
def test_every_posting_list_reads_as_whooshs_matcher_reads_it(segments, which):
    ix = segments[which]
    with ix.reader() as top:
        leaves = [leaf for leaf, _ in top.leaf_readers()]
        assert len(leaves) >= 2 and any(leaf.has_deletions() for leaf in leaves)
        checked = 0
        for reader in leaves:
            gone = postings.deleted(reader, {})
            for (field, text), info in reader:
                ids, weights, values = postings.read(reader, info, ix.schema[field].format, gone, values=True)
                assert (ids.tolist(), weights.tolist(), list(values)) == _walked(reader, field, text), (field, text)
                bare = postings.read(reader, info, ix.schema[field].format, gone)
                assert (bare[0].tolist(), bare[1].tolist()) == (ids.tolist(), weights.tolist()), (field, text)
                checked += 1
        assert checked > 1000


def test_a_word_is_looked_up_once_per_segment_and_counted_as_whoosh_counts(segments):
    ix = segments[0]
    with ix.searcher() as searcher:
        lookups = Lookups(searcher)
        asked = []
        for reader in lookups.readers:
            original = reader.term_info
            reader.term_info = lambda field, text, original=original: asked.append(text) or original(field, text)
        for _ in range(3):
            assert lookups.anywhere("own", b"common") and not lookups.anywhere("own", b"zzzzzz")
            assert lookups.idf("own", b"common") == searcher.idf("own", "common")
        assert len(asked) == 2 * len(lookups.readers)
        assert math.isfinite(lookups.idf("own", b"zzzzzz"))


def test_words_walked_by_a_wildcard_need_no_second_lookup(segments):
    ix = segments[1]
    with ix.searcher() as searcher:
        reader = searcher.reader()
        words = sorted({raw.decode() for raw in reader.lexicon("own") if raw.startswith(b"co")})
        assert len(words) > 20  # past vocab.LOOKUPS: the segments' words are walked
        lookups = Lookups(searcher)
        counts = frequencies(reader, "own", words, "co", None, lookups)
        assert counts == {word: reader.doc_frequency("own", word) for word in words}
        for leaf in lookups.readers:
            leaf.term_info = None  # any lookup now fails
        for word in words:
            assert sum(lookups.doc_frequency(leaf, "own", word.encode()) for leaf in lookups.readers) == counts[word]
        assert lookups.info(lookups.readers[0], "own", b"cozzzz") is None  # not among the walked words
        assert np.isfinite(lookups.idf("own", words[0].encode()))


@pytest.mark.parametrize("which", [0, 1], ids=["bulk writer", "whoosh writer"])
def test_reading_within_some_documents_keeps_their_postings_and_skips_whole_blocks(segments, which):
    ix = segments[which]
    rng = np.random.default_rng(7)
    with ix.reader() as top:
        skipped = 0
        for reader in (leaf for leaf, _ in top.leaf_readers()):
            gone = postings.deleted(reader, {})
            for (field, text), info in reader:
                format_ = ix.schema[field].format
                ids, weights, values = postings.read(reader, info, format_, gone, values=True)
                # a few documents, and the first of every other block (the edge a skip must not cross)
                within = np.unique(np.concatenate([rng.choice(ids, size=min(len(ids), 2)), ids[128::256]]))
                some, some_weights, some_values = postings.read(reader, info, format_, gone, True, within)
                at = np.searchsorted(ids, some)
                assert np.array_equal(ids[at], some) and set(within.tolist()) <= set(some.tolist())
                assert np.array_equal(weights[at], some_weights)
                assert [values[i] for i in at.tolist()] == list(some_values)
                skipped += len(ids) - len(some)
        assert skipped > 0, "some blocks were left undecoded"


@pytest.mark.parametrize("which", [0, 1], ids=["bulk writer (pickle protocol 4)", "whoosh writer (protocol 2)"])
def test_ids_and_weights_are_read_without_unpickling_any_value(segments, which, monkeypatch):
    import pickle

    class Refusing:
        @staticmethod
        def loads(data):
            found = pickle.loads(data)
            # Only a block of 3 postings or fewer (no mark before its values to cut at) is read whole.
            assert len(found) == 2 or not found[2] or len(found[0]) <= 3, "a block's values were unpickled"
            return found

        load = staticmethod(pickle.load)

    ix = segments[which]
    monkeypatch.setattr(postings, "pickle", Refusing)
    with ix.reader() as top:
        read = 0
        for reader in (leaf for leaf, _ in top.leaf_readers()):
            for (field, text), info in reader:
                if ix.schema[field].format.supports("positions") and not info.is_inlined():
                    read += len(postings.read(reader, info, ix.schema[field].format, None)[0])
        assert read > 1000
