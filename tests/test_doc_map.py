"""Each segment's document map (thread and kind of every document): written with the catalog, read by
searches instead of the thread column, and the same counts as the column after imports, re-imports,
prunes and damage."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as Q

from index.library import doc_map
from index.library.store import Library
from index.search import run

WORDS = ["ships", "harbour", "sail", "anchor", "storm", "crew", "cargo", "tide"]


def _write_threads(folder: Path, names: range, extra: str = "") -> list[Path]:
    folder.mkdir(exist_ok=True)
    written = []
    for n in names:
        posts = [f"{WORDS[(n + i) % len(WORDS)]} post {i} of thread {n} about the {WORDS[i % len(WORDS)]}{extra}"
                 for i in range(2 + n % 4)]
        path = folder / f"thread-{n}.txt"
        path.write_text(f"Thread {n} on {WORDS[n % len(WORDS)]}\n\n" + "\n-----\n".join(posts) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _by_column(library: Library) -> tuple[Counter, dict[str, int], dict[str, set[int]]]:
    """Live documents per thread and kind, read from the index as before the map: the thread column and the
    kind postings."""
    searcher = library.stored.searcher
    column = list(searcher.reader().column_reader("thread"))
    kinds = {kind: set(searcher.docs_for_query(Q.Term("kind", kind))) for kind in ("post", "thread", "words")}
    posts = Counter(column[d] for d in kinds["post"])
    titles = {column[d]: d for d in kinds["thread"]}
    return posts, titles, kinds


def _by_map(library: Library) -> tuple[Counter, dict[str, int]]:
    """The same, as a search counts them: every live document matched."""
    stored = library.stored
    live = np.array(sorted(stored.searcher.reader().all_doc_ids()), dtype=np.int64)
    posts, titles = run._matching(stored, live)
    return posts, titles


def _assert_map_matches_column(library: Library) -> None:
    posts, titles, kinds = _by_column(library)
    assert (posts, titles) == _by_map(library)
    assert run._kind_docs(library.stored, "words") == kinds["words"]
    column = list(library.stored.searcher.reader().column_reader("thread"))
    assert all(run._thread_of(library.stored, d) == column[d] for d in library.stored.searcher.reader().all_doc_ids())


def _fresh(path: Path) -> Library:
    return Library.open(path)


def test_counts_per_thread_equal_the_columns_after_imports_reimports_and_prunes(tmp_path, monkeypatch):
    # No merging: each import's commit stays a segment of its own, as in a large library.
    monkeypatch.setattr("index.library.importer.merge_policy", lambda writer, segments: segments)
    corpus = tmp_path / "corpus"
    files = _write_threads(corpus, range(0, 4))
    library = Library.open(tmp_path / "lib")
    library.import_paths(files[:2])
    library.import_paths(files[2:])
    files += _write_threads(corpus, range(4, 7))
    library.import_paths([corpus])
    library.close()
    library = _fresh(tmp_path / "lib")
    assert len(library.stored.searcher.reader().leaf_readers()) > 1
    assert len(_by_map(library)[0]) == 7
    _assert_map_matches_column(library)
    library.close()

    # Re-imported: two threads change (their old documents deleted), one file goes (pruned).
    _write_threads(corpus, range(1, 3), extra=" and a late edit")
    files[5].unlink()
    library = Library.open(tmp_path / "lib")
    report = library.import_paths([corpus], prune=True)
    assert report.updated == 2 and report.pruned == 1
    library.close()
    library = _fresh(tmp_path / "lib")
    _assert_map_matches_column(library)
    assert len(_by_map(library)[0]) == 6
    library.close()


def test_a_search_reads_the_maps_not_the_thread_column_once_the_import_wrote_them(tmp_path, monkeypatch):
    library = Library.open(tmp_path / "lib")
    library.import_paths(_write_threads(tmp_path / "corpus", range(5)))
    library.close()
    segments = {leaf.segment().segment_id() for leaf, _ in _fresh(tmp_path / "lib").stored.searcher.reader().leaf_readers()}
    assert {p.stem for p in (tmp_path / "lib" / doc_map.FOLDER).iterdir()} == segments

    def refuse(reader):
        raise AssertionError("read the thread column although the map was current")

    monkeypatch.setattr(doc_map, "_build", refuse)
    library = _fresh(tmp_path / "lib")
    page = library.search("ships")
    assert page.total_posts > 0 and all(group.matched for group in page.results)
    library.close()


@pytest.mark.parametrize("damage", ["missing", b"", b"TRDM garbage", "short", "other format", "out of range",
                                    "names cut"])
def test_a_missing_or_damaged_map_is_rebuilt_from_the_index(tmp_path, damage):
    library = Library.open(tmp_path / "lib")
    library.import_paths(_write_threads(tmp_path / "corpus", range(5)))
    library.close()
    expected = _by_column(_fresh(tmp_path / "lib"))[:2]
    (path,) = (tmp_path / "lib" / doc_map.FOLDER).iterdir()
    local, names, kinds = doc_map._read(path, _size(path))
    if damage == "missing":
        path.unlink()
    elif damage == "short":
        doc_map._save(path, (local[:-1], names, kinds[:-1]))
    elif damage == "other format":
        data = bytearray(doc_map.encode((local, names, kinds)))
        data[4:8] = (doc_map.FORMAT + 1).to_bytes(4, "little")
        path.write_bytes(bytes(data))
    elif damage == "out of range":
        doc_map._save(path, (local, names[:1], kinds))
    elif damage == "names cut":
        path.write_bytes(path.read_bytes()[:-3])
    else:
        path.write_bytes(damage)
    library = _fresh(tmp_path / "lib")
    assert _by_map(library) == expected
    library.close()
    assert doc_map._read(path, _size(path)) is not None  # written back


def _size(path: Path) -> int:
    """The documents the file says it maps (its header's third field)."""
    return int.from_bytes(path.read_bytes()[8:12], "little")


def test_maps_of_segments_merged_away_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr("index.library.importer.merge_policy", lambda writer, segments: segments)
    library = Library.open(tmp_path / "lib")
    for n in range(4):
        library.import_paths(_write_threads(tmp_path / "corpus", range(n, n + 1)))
    folder = tmp_path / "lib" / doc_map.FOLDER
    before = {p.name for p in folder.iterdir()}
    (folder / "MAIN_formerly.npy").write_bytes(b"\x93NUMPY")  # a map of format 1, numpy's arrays
    writer = library.ix.writer()
    writer.commit(optimize=True)  # every segment merged into one
    library.refresh()
    library.threads()  # the catalog is brought up to date, and the maps with it
    (left,) = folder.iterdir()
    assert left.name not in before
    _assert_map_matches_column(library)
    library.close()


def test_a_read_only_library_still_searches(tmp_path, monkeypatch):
    library = Library.open(tmp_path / "lib")
    library.import_paths(_write_threads(tmp_path / "corpus", range(3)))
    library.close()
    for path in (tmp_path / "lib" / doc_map.FOLDER).iterdir():
        path.unlink()

    def refuse(path, data):
        raise OSError("read-only file system")

    monkeypatch.setattr(doc_map, "write_atomic", refuse)
    library = _fresh(tmp_path / "lib")
    _assert_map_matches_column(library)
    library.close()


def test_a_thread_numbered_in_several_segments_is_counted_once_with_every_match():
    # Two segments both holding documents of thread "b": each segment numbers it, the counts add up.
    first = (np.array([0, 0, 1], dtype=np.int32), ["a", "b"], np.array([1, 0, 0], dtype=np.int8))
    second = (np.array([0, 1, 1], dtype=np.int32), ["b", "c"], np.array([0, 0, 0], dtype=np.int8))
    threads = np.concatenate([first[0], second[0] + len(first[1])])
    catalog = SimpleNamespace(cache={"doc_map": doc_map.DocMap(threads, first[1] + second[1],
                                                               np.concatenate([first[2], second[2]]))})
    counts, titled = run._matching(catalog, np.arange(6))
    assert counts == Counter({"b": 2, "c": 2, "a": 1}) and list(counts) == ["a", "b", "c"]
    assert titled == {"a": 0}
    assert [run._thread_of(catalog, d) for d in range(6)] == ["a", "a", "b", "b", "c", "c"]


@settings(deadline=None)  # a shared machine: no timing in tests
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=6, unique=True),
       st.lists(st.integers(0, 2), max_size=30))
def test_a_segment_map_reads_back_as_written(names, kinds):
    local = np.array([i % len(names) for i in range(len(kinds))] if names else [], dtype=np.int32)
    kinds = np.array(kinds if names else [], dtype=np.int8)
    data = doc_map.encode((local, names, kinds))
    if any("\n" in name for name in names):
        assert data is None  # one id a line cannot keep it: the map is read from the index instead
        return
    back = doc_map.decode(data, len(local))
    assert back is not None
    assert back[0].tolist() == local.tolist() and back[1] == names and back[2].tolist() == kinds.tolist()
    assert doc_map.decode(data, len(local) + 1) is None and doc_map.decode(data[:-1], len(local)) is None
