"""The thread catalog: one file read at open, right after any import, stale copies or damage; and each thread's activity."""

from __future__ import annotations

import datetime as dt
import marshal
import shutil
from pathlib import Path

import pytest

from index.library import catalog
from index.library.activity import BUCKETS, activity
from index.library.bulk_writer import BulkWriter, merge_policy
from index.library.documents import prepare_thread
from index.library.serialize import meta_from_json, meta_to_json, summary_of
from index.library.store import Library
from index.model import Author, Paragraph, Post, Thread

BUNDLED = Path(__file__).resolve().parent.parent / "transcripts"


def _dated_thread(dates: list[str | None], name: str = "dated") -> Thread:
    posts = tuple(
        Post(index=i, author=Author(f"user{i % 3}", f"user{i % 3}", f"user{i % 3}"),
             blocks=(Paragraph(f"post number {i} about ships"),), date=date)
        for i, date in enumerate(dates)
    )
    return Thread(id=f"{name:0<16}"[:16], title=f"A {name} thread", source=f"/nowhere/{name}.txt", dialect="plain",
                  posts=posts)


@pytest.fixture
def corpus(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(BUNDLED, target)
    return target


def _summaries(library: Library) -> dict:
    return {s.id: s for s in library.threads()}


def _from_index(path: Path) -> dict:
    """The summaries read from the thread documents themselves, as before the catalog."""
    library = Library.open(path, load=False)
    try:
        found = {}
        for fields in library.stored.searcher.documents(kind="thread"):
            summary, _, _ = meta_from_json(fields["meta"])
            found[summary.id] = summary
        return found
    finally:
        library.close()


def _index_unread(monkeypatch):
    def refuse(reader):
        raise AssertionError("read a thread document although the catalog was current")

    monkeypatch.setattr(catalog, "_segment_rows", refuse)


def test_an_import_writes_the_catalog_and_the_next_open_reads_only_it(tmp_path, corpus, monkeypatch):
    library = Library.open(tmp_path / "lib")
    library.import_paths([corpus])
    expected = _summaries(library)
    library.close()
    assert (tmp_path / "lib" / catalog.CATALOG_FILE).is_file() and len(expected) == 3
    _index_unread(monkeypatch)
    again = Library.open(tmp_path / "lib")
    assert _summaries(again) == expected
    assert again.manifest() and all(thread_id in expected for thread_id, _ in again.manifest().values())
    again.close()


def test_a_stale_catalog_is_brought_up_to_date(tmp_path, corpus):
    library = Library.open(tmp_path / "lib")
    first = sorted(corpus.iterdir())
    library.import_paths(first[:2])
    old_catalog = (tmp_path / "lib" / catalog.CATALOG_FILE).read_bytes()
    library.import_paths(first[2:])
    # One thread changed: its old document is deleted from a segment the old catalog knows.
    first[0].write_text(first[0].read_text(encoding="utf-8") + "\n\nA late reply about tanks.\n", encoding="utf-8")
    library.import_paths(first)
    library.close()
    (tmp_path / "lib" / catalog.CATALOG_FILE).write_bytes(old_catalog)  # as a crash between commit and catalog leaves it
    reopened = Library.open(tmp_path / "lib")
    assert _summaries(reopened) == _from_index(tmp_path / "lib")
    assert len(reopened.threads()) == 3
    reopened.close()
    assert (tmp_path / "lib" / catalog.CATALOG_FILE).read_bytes() != old_catalog  # written back


def _framed(header: dict) -> bytes:
    head = marshal.dumps(header)
    return len(head).to_bytes(4, "little") + head


@pytest.mark.parametrize("damage", [None, b"", b"\x00\xff not marshal", marshal.dumps({"format": 999, "segments": {}}),
                                    _framed({"format": catalog.FORMAT}),  # a header alone
                                    _framed({"format": catalog.FORMAT}) + marshal.dumps([]),
                                    (2**31).to_bytes(4, "little") + b"\x00",
                                    b'{"format": 1, "segments": {}}',  # an older threadreader's (JSON)
                                    "rows", "truncated"])
def test_a_missing_or_damaged_catalog_is_rebuilt_from_the_index(tmp_path, corpus, damage):
    library = Library.open(tmp_path / "lib")
    library.import_paths([corpus])
    library.close()
    path = tmp_path / "lib" / catalog.CATALOG_FILE
    if damage is None:
        path.unlink()
    elif damage == "rows":  # the right shape, the wrong rows
        data = path.read_bytes()
        head = data[: 4 + int.from_bytes(data[:4], "little")]
        segments = marshal.loads(data[len(head):])
        segment = next(iter(segments.values()))
        segment["rows"][0] = ("x", *segment["rows"][0])
        path.write_bytes(head + marshal.dumps(segments))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(damage)
    reopened = Library.open(tmp_path / "lib")
    assert _summaries(reopened) == _from_index(tmp_path / "lib") and len(reopened.threads()) == 3
    reopened.close()
    assert path.is_file()


def test_opening_without_loading_reads_no_summary_until_asked(tmp_path, corpus, monkeypatch):
    library = Library.open(tmp_path / "lib")
    library.import_paths([corpus])
    library.close()
    loads = []
    monkeypatch.setattr(catalog, "load", lambda *args, real=catalog.load: loads.append(1) or real(*args))
    lazy = Library.open(tmp_path / "lib", load=False)
    assert not lazy.is_empty() and loads == []
    assert len(lazy.threads()) == 3 and loads == [1]
    lazy.close()
    empty = Library.open(tmp_path / "empty", load=False)
    assert empty.is_empty()
    empty.close()



def _count_searchers(monkeypatch, library: Library) -> list[int]:
    opened: list[int] = []
    real = library.ix.searcher
    monkeypatch.setattr(library.ix, "searcher", lambda **kw: opened.append(1) or real(**kw))
    return opened


def test_a_current_catalog_lists_the_threads_without_opening_a_segment(tmp_path, corpus, monkeypatch):
    library = Library.open(tmp_path / "lib")
    library.import_paths([corpus])
    expected = _summaries(library)
    library.close()
    _index_unread(monkeypatch)
    lazy = Library.open(tmp_path / "lib", load=False)
    opened = _count_searchers(monkeypatch, lazy)
    assert _summaries(lazy) == expected and not lazy.is_empty() and not lazy.refresh()
    assert opened == []
    assert lazy.search("people").total_posts > 0 and opened == [1]  # a search opens them, once
    lazy.close()


def test_a_commit_after_the_listing_is_seen_whole_by_the_first_search(tmp_path, corpus, monkeypatch):
    first = sorted(corpus.iterdir())
    library = Library.open(tmp_path / "lib")
    library.import_paths(first[:2])
    library.close()
    reader = Library.open(tmp_path / "lib", load=False)
    assert len(reader.threads()) == 2  # listed from the catalog, no segment opened
    writer = Library.open(tmp_path / "lib")
    writer.import_paths(first[2:])  # another process commits a third thread
    writer.close()
    page = reader.search("the")
    # The summaries follow the searcher's generation: every thread a search can find is listed.
    assert len(reader.threads()) == 3
    assert {group.thread.id for group in page.results} <= {s.id for s in reader.threads()}
    assert not reader.refresh()
    reader.close()

def test_a_thread_committed_after_the_listing_opens_whole(tmp_path, corpus):
    first = sorted(corpus.iterdir())
    library = Library.open(tmp_path / "lib")
    library.import_paths(first[:2])
    library.close()
    reader = Library.open(tmp_path / "lib", load=False)
    listed = {s.id for s in reader.threads()}  # from the catalog, no searcher yet
    writer = Library.open(tmp_path / "lib")
    writer.import_paths(first[2:3])
    (added,) = {s.id for s in writer.threads()} - listed
    author = writer.thread(added).posts[0].author.key
    writer.close()
    # The thread's summary and its posts come from one generation: the one the searcher opens.
    thread = reader.thread(added)
    assert thread.id == added and thread.posts
    assert added in {summary.id for summary, _ in reader.posts_by_author(author)}
    reader.close()


# Activity -----------------------------------------------------------------------------------


def test_activity_counts_posts_in_equal_slices_of_the_threads_life():
    start = dt.datetime(2020, 1, 1)
    dates = [start, start + dt.timedelta(days=1), start + dt.timedelta(days=15), start + dt.timedelta(days=16)]
    counts = activity(dates)
    assert len(counts) == BUCKETS == 16
    # A slice is one day here: day 1 opens the second slice, day 15 the last, and the last day ends it.
    assert counts == (1, 1) + (0,) * 13 + (2,)
    assert activity([start] * 3) == (3,) + (0,) * 15
    assert activity([]) == ()
    assert activity(dates, buckets=4) == (2, 0, 0, 2)


def test_a_threads_activity_comes_from_its_posts_dates_and_survives_the_index(tmp_path):
    dates = ["2021-03-01T10:00:00", "2021-03-01T12:00:00", None, "not a date", "2021-03-17T10:00:00",
             "2021-03-09T10:00:00+02:00"]
    summary = summary_of(_dated_thread(dates), imported=0.0)
    assert sum(summary.activity) == 4 and summary.activity[0] == 2 and summary.activity[-1] == 1
    assert summary.activity[8] == 1  # the 9th, 8 days into a 16-day life (its offset is dropped)
    assert summary_of(_dated_thread([None, None]), imported=0.0).activity == ()
    assert meta_from_json(meta_to_json(summary, content_hash="h", notes=()))[0] == summary

    library = Library.open(tmp_path / "lib")
    writer = BulkWriter(library.ix)
    for doc in prepare_thread(_dated_thread(dates), "h")[0]:
        writer.add_prepared(doc)
    writer.commit(mergetype=merge_policy)
    library.refresh()
    assert [s.activity for s in library.threads()] == [summary.activity]
    library.close()
    reopened = Library.open(tmp_path / "lib")  # from the catalog this time
    assert [s.activity for s in reopened.threads()] == [summary.activity]
    reopened.close()


def test_a_search_on_an_unloaded_library_reads_its_threads_own_documents_not_the_catalog(tmp_path, corpus, monkeypatch):
    library = Library.open(tmp_path / "lib")
    library.import_paths([corpus])
    expected = {group.thread.id: group.thread for group in library.search("people").results}
    library.close()
    assert len(expected) >= 2
    loads = []
    monkeypatch.setattr(catalog, "load", lambda *args, real=catalog.load: loads.append(1) or real(*args))
    lazy = Library.open(tmp_path / "lib", load=False)
    found = {group.thread.id: group.thread for group in lazy.search("people").results}
    assert found == expected and loads == []
    assert lazy.stored.summary("no-such-thread") is None
    lazy.close()


def test_the_catalogs_row_order_is_the_summarys_field_order():
    import dataclasses

    from index.model import ThreadSummary

    assert catalog._SUMMARY_FIELDS == tuple(field.name for field in dataclasses.fields(ThreadSummary))


def test_a_summary_read_from_the_catalog_is_the_one_the_dataclass_builds():
    import dataclasses

    from index.model import ThreadSummary

    made = ThreadSummary("0123456789abcdef", "A title", "A forum", 3, ("ann", "bob"), "/x/a.txt", "plain",
                         "2020-01-01", "2020-02-01", 1.5, "https://example.org/t/1", (1, 0, 2))
    row = catalog._row(7, (made, "digest", ("a note",), (("/x/b.txt", "hash"),)))
    summary, digest, notes, pages = catalog._entry(row)
    assert summary == made and hash(summary) == hash(made) and repr(summary) == repr(made)
    assert list(vars(summary)) == list(catalog._SUMMARY_FIELDS)
    assert (digest, notes, pages) == ("digest", ("a note",), (("/x/b.txt", "hash"),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.title = "changed"


def test_a_library_listed_from_a_current_catalog_imports_no_whoosh(tmp_path, corpus):
    import subprocess
    import sys

    library = Library.open(tmp_path / "lib")
    library.import_paths([corpus])
    library.close()
    code = ("import sys\n"
            "from index.library.store import Library\n"
            f"library = Library.open({str(tmp_path / 'lib')!r}, load=False)\n"
            "assert len(library.threads()) == 3 and not library.is_empty()\n"
            "assert not [m for m in sys.modules if m.startswith('whoosh')], 'whoosh imported'\n"
            "assert library.search('people').total_posts > 0  # and a search imports it then\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
