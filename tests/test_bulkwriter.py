"""The bulk writer and the fast analyzers write exactly what Whoosh's own writer and analyzers would."""

from __future__ import annotations

import io
import random
import struct
import string
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from index.library.analysis import fast_text
from index.library.bulk_writer import BulkWriter, merge_policy
from index.library.documents import Preparer, thread_fields
from index.threads.read import read_thread
from index.library.schema import LibrarySchema
from tests.conftest import BUNDLED_DIR

TEXT_FIELDS = ("own", "quoted", "title", "forum", "author", "location")
SCHEMA = LibrarySchema()
struct_int = struct.Struct("!i")


def _slow(field, text):
    items = list(field.index(text))
    return sum(freq for _, freq, _, _ in items), sorted((term, weight, value) for term, _, weight, value in items)


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_fast_analysis_matches_whoosh_on_the_bundled_transcripts(name):
    field, fast = SCHEMA[name], fast_text(SCHEMA[name])
    assert fast is not None
    checked = 0
    for path in sorted(BUNDLED_DIR.glob("*.txt")):
        thread = read_thread(path)
        for post in thread.posts:
            for text in (thread.title, post.own_text, post.quoted_text, post.author.label, post.location or ""):
                length, items = fast.postings(text)
                assert (length, sorted(items)) == _slow(field, text), text[:80]
                checked += 1
    assert checked > 100


_ODD_TEXT = st.lists(st.sampled_from(list("aAbİıßǅ é.,'-_3 \n\u00a0") + ["the", "and", "U.S.", "e.g."]),
                     max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=80), _ODD_TEXT))
def test_fast_analysis_matches_whoosh_on_any_text(text):
    for name in ("own", "author"):
        length, items = fast_text(SCHEMA[name]).postings(text)
        assert (length, sorted(items)) == _slow(SCHEMA[name], text)


_ASCII_TEXT = st.lists(st.sampled_from(["a", "Bc", "7", "_", ".", "..", " ", "\n", "-", "'", "U.S.", "x_y", "*",
                                          "\t", "\x1c", "3.5", ". Next", "end."]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_ASCII_TEXT)
def test_fast_analysis_of_ascii_text_matches_whoosh(text):
    # ASCII text without dotted words is split, not matched: the same tokens either way.
    for name in ("own", "author"):
        length, items = fast_text(SCHEMA[name]).postings(text)
        assert (length, sorted(items)) == _slow(SCHEMA[name], text)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_ASCII_TEXT, _ODD_TEXT))
def test_the_vocabulary_holds_the_words_of_two_letters_or_more(text):
    import re

    thread = read_thread(sorted(BUNDLED_DIR.glob("*.txt"))[0])
    thread = replace(thread, title=text, posts=thread.posts[:1])
    words = set(re.findall(r"[^\W\d_]{2,}", text.lower()))
    vocabulary = thread_fields(thread, "digest", imported=1.0)[1]
    assert words <= vocabulary and not {word for word in vocabulary if len(word) < 2}


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(["a", "B", "7", "_", ".", "..", " ", "é", "\n", "-", "U.S."]), max_size=30).map("".join))
def test_the_sooner_patterns_find_the_same_tokens(text):
    import re

    from index.library.analysis import _SOONER

    for pattern, sooner in _SOONER.items():
        whole = [match.group() for match in re.finditer(pattern, text)]
        assert re.findall(sooner, text) == whole


@pytest.mark.parametrize("analyzer", ["stop words", "short words dropped", "parts not renumbered"])
def test_analyzers_that_drop_words_or_share_places_are_left_to_whoosh(analyzer):
    # The fast twin numbers terms by token order: right only when no word is dropped and a word's
    # parts come after it, as an empty StopFilter's renumbering makes them.
    from whoosh import fields
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StopFilter

    from index.library.schema import PartsFilter

    chain = {"stop words": StemmingAnalyzer(),
             "short words dropped": RegexTokenizer() | LowercaseFilter() | StopFilter(stoplist=(), minsize=3),
             "parts not renumbered": RegexTokenizer(r"\w+(\.?\w+)*") | LowercaseFilter() | PartsFilter()}[analyzer]
    assert fast_text(fields.TEXT(analyzer=chain, phrase=True)) is None
    kept = RegexTokenizer(r"\w+(\.?\w+)*") | LowercaseFilter() | PartsFilter() | StopFilter(stoplist=(), minsize=1)
    field = fields.TEXT(analyzer=kept, phrase=True)
    text = "See www.example.com and the max_posts value, the end"
    length, items = fast_text(field).postings(text)
    assert (length, sorted(items)) == _slow(field, text)


def _documents() -> list[dict]:
    docs = []
    for path in sorted(BUNDLED_DIR.glob("*.txt")):
        docs += thread_fields(read_thread(path), "digest", imported=1.0)[0]
    rng = random.Random(7)
    words = ["alliance", "soviet", "treaty", "poland", "common"] + [
        "".join(rng.choices(string.ascii_lowercase, k=6)) for _ in range(40)]
    for i in range(300):  # enough postings of one word for several blocks of 128
        text = " ".join(["common"] + rng.choices(words, k=rng.randint(1, 30)))
        docs.append(dict(kind="post", thread=f"t{i % 7}", post=i, title="Common ground", own=text,
                         quoted=text[::-1] if i % 3 else "", author=f"user{i % 11}", author_key=f"k{i % 11}",
                         data="{}"))
    return docs


def _dump(ix) -> dict:
    """Everything a searcher reads: postings, term statistics, lengths, stored fields, columns."""
    out: dict = {}
    with ix.reader() as reader:
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            postings = reader.postings(field, term)
            out[(field, term)] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight(),
                list(postings.items_as("weight")), list(reader.postings(field, term).items_as("positions"))
                if SCHEMA[field].format.supports("positions") else None,
            )
        for docnum in range(reader.doc_count_all()):
            out[("doc", docnum)] = (reader.stored_fields(docnum),
                                    [reader.doc_field_length(docnum, f) for f in TEXT_FIELDS])
        for field in ("thread", "post", "date"):
            if reader.has_column(field):
                out[("column", field)] = list(reader.column_reader(field))
        out["field_lengths"] = [reader.field_length(f) for f in TEXT_FIELDS]
    return out


def _index_in_batches(tmp_path, name, writer_class, batches, **commit):
    """A new index in tmp_path/name, each batch added and committed by its own writer."""
    directory = tmp_path / name
    directory.mkdir()
    ix = whoosh_index.create_in(directory, LibrarySchema())
    for batch in batches:
        writer = writer_class(ix)
        for fields in batch:
            writer.add_document(**fields)
        writer.commit(**commit)
    return ix


def _build(tmp_path, name, writer_class, batches):
    return _index_in_batches(tmp_path, name, writer_class, batches, mergetype=merge_policy)


def test_the_bulk_writer_writes_what_whooshs_writer_writes(tmp_path):
    docs = _documents()
    ours = _build(tmp_path, "bulk", BulkWriter, [docs])
    theirs = _build(tmp_path, "whoosh", SegmentWriter, [docs])
    assert _dump(ours) == _dump(theirs)


def test_blocks_are_compressed_only_where_that_makes_them_smaller(tmp_path):
    docs = _documents()
    ours = _build(tmp_path, "bulk", BulkWriter, [docs])
    with ours.reader() as reader:
        rare = next(term for field, term in reader.all_terms() if field == "own"
                    and reader.doc_frequency(field, term) == 1)
        lone, common = reader.postings("own", rare), reader.postings("own", b"common")
        # A block of one posting grows when compressed (Whoosh compresses it anyway); the header says which.
        assert (lone._compression, common._compression) == (0, 3)
        assert list(lone.all_ids()) and len(list(common.all_ids())) >= 300
    assert _dump(ours) == _dump(_build(tmp_path, "whoosh", SegmentWriter, [docs]))


def test_blocks_hold_their_values_as_bytes_not_as_calls(tmp_path):
    import pickle
    import pickletools
    import zlib

    ours = _build(tmp_path, "bulk", BulkWriter, [_documents()])
    with ours.reader() as reader:
        matcher = reader.postings("own", b"common")
        info = reader._terms.term_info("own", b"common")
        offset, length = info.extent()
        blob = reader._terms._postfile.get(offset, length if isinstance(length, int) else length[0])
        stream, position, blocks = io.BytesIO(blob), 4, 0
        while True:  # each block: its size, a pickled header, the pickled (deltas, weights, values)
            (size,) = struct_int.unpack_from(blob, position)
            stream.seek(position + 4)
            header = pickle.load(stream)
            data = blob[stream.tell():position + 4 + abs(size)]
            data = zlib.decompress(data) if header[3] else data
            # Protocol 2 pickles each value as a call of _codecs.encode; reading them back was most of a phrase's cost.
            assert not {op.name for op, _, _ in pickletools.genops(data)} & {"GLOBAL", "STACK_GLOBAL", "REDUCE"}
            blocks += 1
            if size < 0:
                break
            position += 4 + size
        assert blocks >= 2 and len(list(matcher.all_ids())) >= 300


def test_fields_analyzed_alike_share_their_stemmed_words():
    own, quoted, author = (fast_text(SCHEMA[name]) for name in ("own", "quoted", "author"))
    own.postings("Zorblaxes were signed")
    assert quoted._terms.get("zorblaxes") == b"zorblax"  # stemmed for own, not again for quoted
    assert [term for term, _, _ in author.postings("Zorblaxes")[1]] == [b"zorblaxes"]  # names: never stemmed


def test_merged_segments_keep_every_posting(tmp_path):
    docs = _documents()
    batches = [docs[:150], docs[150:300], docs[300:]]
    ours = _build(tmp_path, "bulk", BulkWriter, batches)
    theirs = _build(tmp_path, "whoosh", SegmentWriter, batches)
    assert len(ours.reader().leaf_readers()) == 1  # the small segments were folded into the last commit
    assert _dump(ours) == _dump(theirs)


def test_prepared_documents_need_no_analysis_in_the_writer(tmp_path):
    docs = _documents()[:50]
    preparer = Preparer()
    directory = tmp_path / "prepared"
    directory.mkdir()
    ix = whoosh_index.create_in(directory, LibrarySchema())
    writer = BulkWriter(ix)
    for fields in docs:
        writer.add_prepared(preparer.prepare(fields))
    writer.commit()
    assert _dump(ix) == _dump(_build(tmp_path, "whoosh", SegmentWriter, [docs]))


def test_merging_a_segment_with_deletions_drops_the_deleted_documents(tmp_path):
    docs = _documents()
    gone = docs[0]["thread"]  # a bundled thread: none of its documents come later
    assert all(fields["thread"] != gone for fields in docs[200:260])
    built = []
    for name, writer_class in (("bulk", BulkWriter), ("whoosh", SegmentWriter)):
        ix = _build(tmp_path, name, writer_class, [docs[:200]])
        writer = writer_class(ix)
        writer.delete_by_term("thread", gone)
        for fields in docs[200:260]:
            writer.add_document(**fields)
        writer.commit(mergetype=merge_policy)
        built.append(ix)
    ours, theirs = built
    with ours.searcher() as searcher:
        assert not list(searcher.documents(thread=gone))
        assert len(ours.reader().leaf_readers()) == 1
    assert _dump(ours) == _dump(theirs)


def test_the_pinned_whoosh_is_the_one_pyproject_installs_and_the_writer_refuses_any_other(tmp_path, monkeypatch):
    import re
    from pathlib import Path

    from index.library import whoosh_patches

    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"whoosh-reloaded==([^"]+)"', pyproject).group(1) == whoosh_patches.PINNED
    assert whoosh_patches.installed() == whoosh_patches.PINNED
    ix = whoosh_index.create_in(str(tmp_path), LibrarySchema())
    monkeypatch.setattr(whoosh_patches, "installed", lambda: "2.7.6")
    with pytest.raises(whoosh_patches.WhooshVersionError) as refused:
        BulkWriter(ix)
    assert "2.7.6" in str(refused.value) and "\n" not in str(refused.value)
    assert not list(tmp_path.glob("*.seg")) and ix.doc_count() == 0
