"""Faults: an import killed with SIGKILL, a corrupted index, a full disk, a damaged state file."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.library.store import Library
from index.library.state import State
from tests.hostile import good_thread, marker

ROOT = Path(__file__).resolve().parent.parent
FILES = 600  # big enough that a fast import is still caught mid-way by every kill moment below


def build_corpus(root: Path, count: int = FILES) -> dict[str, int]:
    """`count` transcripts of 2 to 30 posts; returns marker word -> posts in that thread."""
    rng = random.Random(11)
    root.mkdir(parents=True, exist_ok=True)
    expected = {}
    for i in range(count):
        posts = rng.randint(2, 30)
        (root / f"thread-{i:04d}.txt").write_text(good_thread(i, posts), encoding="utf-8")
        expected[marker(i)] = posts
    return expected


def cli(library: Path, *args: str, **kwargs) -> list[str]:
    return [sys.executable, "-m", "tui", "--library", str(library), *args]


def snapshot(directory: Path) -> dict[str, float]:
    try:
        return {p.name: p.stat().st_mtime for p in directory.rglob("*") if p.is_file()}
    except OSError:
        return {}


def small_batches(tmp: Path, posts: int = 300) -> dict[str, str]:
    """Environment in which the importer commits every `posts` posts, so kills land between and in commits."""
    site = tmp / "batch-site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(
        f"import index.library.importer\nindex.library.importer.BATCH_POSTS = {posts}\n"
        "try:\n"
        "    import index.library.workers  # worker processes even for a small corpus, so kills hit them too\n"
        "    index.library.workers.PARALLEL_MIN_BYTES = 0\n"
        "except ImportError:\n"
        "    pass\n",
        encoding="utf-8",
    )
    return dict(os.environ, PYTHONPATH=str(site), THREADREADER_KILL_TEST=str(tmp))


def leftover_processes(tag: str, wait: float = 10.0) -> list[str]:
    """Processes still alive that carry THREADREADER_KILL_TEST=tag (orphaned workers of a killed import)."""
    import psutil

    deadline = time.monotonic() + wait
    while True:
        left = []
        for process in psutil.process_iter(["pid", "cmdline"]):
            try:
                if process.pid != os.getpid() and process.environ().get("THREADREADER_KILL_TEST") == tag:
                    left.append(" ".join(process.info["cmdline"] or []))
            except (psutil.Error, OSError):
                continue
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def kill_when(library: Path, corpus: Path, moment: str, env: dict[str, str] | None = None) -> str:
    """Start an import and SIGKILL it at `moment`; returns what it was doing when it died."""
    process = subprocess.Popen(
        cli(library, "import", str(corpus)), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=env,
    )
    started = time.monotonic()
    before = snapshot(library)
    changes = 0
    try:
        while process.poll() is None and time.monotonic() - started < 60:
            if moment == "at start-up" and time.monotonic() - started > 0.25:
                break
            if moment.startswith("after") and time.monotonic() - started > float(moment.split()[1]):
                break
            if moment == "holding the lock":
                try:
                    if "an import" in (library / "write.lock.json").read_text(encoding="utf-8"):
                        break
                except OSError:
                    pass
            if moment.startswith("on change"):
                now = snapshot(library)
                if now != before:
                    changes += 1
                    before = now
                    if changes >= int(moment.split()[-1]):
                        break
                time.sleep(0.002)
            else:
                time.sleep(0.01)
    finally:
        finished = process.poll() is not None
        if not finished:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
    return "finished before the kill" if finished else moment


def assert_complete(library_dir: Path, expected: dict[str, int]) -> int:
    """Every thread present once with every post once; returns the posts counted."""
    library = Library.open(library_dir)
    try:
        summaries = library.threads()
        ids = [summary.id for summary in summaries]
        assert len(ids) == len(set(ids)), "a thread is listed twice"
        assert len(summaries) == len(expected)
        total = 0
        for word, posts in expected.items():
            page = library.search(word, pagelen=5)
            assert page.total_threads == 1, (word, page.total_threads)
            assert page.total_posts == posts, (word, page.total_posts, posts)
            thread = library.thread(page.results[0].thread.id)
            assert [post.index for post in thread.posts] == list(range(posts)), word
            total += posts
        return total
    finally:
        library.close()


@pytest.mark.slow
def test_import_survives_kill_9_at_many_points(tmp_path):
    """Kill -9 an import over and over, then finish it: no thread or post lost or doubled."""
    corpus = tmp_path / "corpus"
    expected = build_corpus(corpus)
    library = tmp_path / "library"
    env = small_batches(tmp_path, posts=150)
    # Kills by the first changes on disk (lock taken, segment files appearing, a commit's table of
    # contents being written), each on top of what the last left behind. Counted in the import's
    # own steps, not in seconds: a kill after N seconds misses a fast import (on a quiet machine
    # the first two timed kills used to finish most of the corpus, and the rest found nothing to do).
    moments = ["at start-up", "on change 1", "on change 2", "on change 4", "on change 3", "on change 6",
               "on change 8", "on change 5", "on change 10", "on change 7", "on change 12", "on change 16"]
    killed = [kill_when(library, corpus, moment, env) for moment in moments]
    survived = [moment for moment in killed if moment != "finished before the kill"]
    assert len(survived) >= 6, killed  # the corpus must be big enough to be caught mid-import
    assert leftover_processes(env["THREADREADER_KILL_TEST"]) == []  # no orphaned workers keep running

    final = subprocess.run(cli(library, "import", str(corpus)), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert "Traceback" not in final.stderr
    total = assert_complete(library, expected)
    assert total == sum(expected.values())  # posts lost: none


def test_killed_import_leaves_a_lock_that_is_cleared(tmp_path):
    corpus = tmp_path / "corpus"
    expected = build_corpus(corpus, 40)
    library = tmp_path / "library"
    assert kill_when(library, corpus, "holding the lock") == "holding the lock"  # the kill landed mid-import
    from index.library.lock import HOLDER_FILE

    assert (library / HOLDER_FILE).exists()  # the dead importer's label is still there
    result = subprocess.run(cli(library, "import", str(corpus)), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "busy" not in result.stderr.lower()
    assert "cleared a stale lock" in result.stdout + result.stderr
    assert not (library / HOLDER_FILE).exists()
    assert_complete(library, expected)


def _whoosh_files(library: Path) -> list[Path]:
    return [p for p in library.rglob("*") if p.is_file() and p.suffix in (".seg", ".toc", ".pst", ".trm")]


def _build(tmp_path: Path, count: int = 12) -> tuple[Path, Path, dict[str, int]]:
    corpus = tmp_path / "corpus"
    expected = build_corpus(corpus, count)
    library = tmp_path / "library"
    result = subprocess.run(cli(library, "import", str(corpus)), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return corpus, library, expected


def _corrupt_segments(library: Path) -> None:
    for path in _whoosh_files(library):
        if path.suffix == ".seg":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 3] + b"\x00garbage" * 64)


def _corrupt_toc(library: Path) -> None:
    for path in _whoosh_files(library):
        if path.suffix == ".toc":
            path.write_bytes(b"not a table of contents")


def _delete_segments(library: Path) -> None:
    for path in _whoosh_files(library):
        if path.suffix == ".seg":
            path.unlink()


@pytest.mark.parametrize("damage", [_corrupt_segments, _corrupt_toc, _delete_segments], ids=lambda f: f.__name__[1:])
def test_corrupted_index_is_detected_and_reindex_rebuilds_it(tmp_path, damage):
    _, library, expected = _build(tmp_path)
    assert _whoosh_files(library), "no Whoosh files found in the library directory"
    damage(library)

    word = next(iter(expected))
    result = subprocess.run(cli(library, "search", word), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode not in (0, 1) or "reindex" in (result.stdout + result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    message = result.stderr.strip()
    assert message and len(message.splitlines()) <= 2, message
    assert "reindex" in message, message

    rebuilt = subprocess.run(cli(library, "reindex"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert_complete(library, expected)


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["create_file", "write"])
def test_full_disk_gives_a_clear_error_and_keeps_the_index(tmp_path, monkeypatch, where):
    corpus, library_dir, expected = _build(tmp_path, 6)
    more = tmp_path / "more"
    more.mkdir()
    for i in range(100, 110):
        (more / f"more-{i}.txt").write_text(good_thread(i, 8), encoding="utf-8")

    from whoosh.filedb import filestore, structfile

    if where == "create_file":
        monkeypatch.setattr(filestore.FileStorage, "create_file", _no_space)
    else:
        monkeypatch.setattr(structfile.StructFile, "write", _no_space)
    library = Library.open(library_dir)
    try:
        report = library.import_paths([more])
    except Exception as error:  # a clear error is fine; a traceback-shaped one is not
        message = str(error)
        assert "space" in message.lower(), message
        assert "\n" not in message
    else:
        reasons = " ".join(reason for _, reason in report.failed)
        assert report.failed and "space" in reasons.lower(), report
    finally:
        monkeypatch.undo()
        library.close()

    assert_complete(library_dir, expected)
    reopened = Library.open(library_dir)
    try:
        # The failed batch left nothing half-written: importing again adds it whole.
        report = reopened.import_paths([more])
        assert report.failed == ()
    finally:
        reopened.close()
    expected.update({marker(i): 8 for i in range(100, 110)})
    assert_complete(library_dir, expected)


def test_full_disk_from_the_command_line_is_one_line(tmp_path):
    _, library, expected = _build(tmp_path, 4)
    more = tmp_path / "more"
    more.mkdir()
    (more / "one.txt").write_text(good_thread(200, 4), encoding="utf-8")
    site = tmp_path / "enospc-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import errno, os\n"
        "from whoosh.filedb import filestore\n"
        "def _full(*a, **k):\n"
        "    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
        "filestore.FileStorage.create_file = _full\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run(cli(library, "import", str(more)), cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "space" in result.stderr.lower(), result.stderr
    assert_complete(library, expected)


def test_state_is_written_atomically(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    state = State(path)
    state.mark_read("t1", [0, 1, 2])
    before = path.read_bytes()

    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])

    def failing_replace(src, dst):
        calls.append("replace")
        assert Path(src).parent == path.parent  # same filesystem, so the rename is atomic
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        state.mark_read("t1", [3, 4])
    assert calls == ["fsync", "replace"]
    assert path.read_bytes() == before  # the old state survives a failed save
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary left behind

    monkeypatch.setattr(os, "replace", real_replace)
    state.mark_read("t1", [5])
    assert State(path).read_posts("t1") == {0, 1, 2, 3, 4, 5}


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2, 3]", b'{"threads": {"t": 5}}', b"\xff\xfe\x00"])
def test_damaged_state_is_set_aside_not_fatal(tmp_path, damage):
    path = tmp_path / "state.json"
    path.write_bytes(damage)
    state = State(path)
    assert state.read_posts("t") == set()
    state.mark_read("t", [1])
    assert State(path).read_posts("t") == {1}
    if damage:
        assert state.problem
        kept = list(tmp_path.glob("state.json.bad*"))
        assert kept and kept[0].read_bytes() == damage  # nothing lost: the damaged file is kept


def test_library_state_json_is_valid_after_kill(tmp_path):
    """A process killed while saving state leaves either the old or the new file, never half of one."""
    path = tmp_path / "state.json"
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from index.library.state import State\n"
        f"s = State({str(path)!r})\n"
        "i = 0\n"
        "while True:\n"
        "    s.mark_read('t%d' % (i % 50), range(i, i + 200)); i += 1\n"
    )
    for delay in (0.3, 0.5, 0.7):
        process = subprocess.Popen([sys.executable, "-c", code])
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert path.exists(), f"nothing was saved in {delay} s: the kill tested nothing"
        json.loads(path.read_text(encoding="utf-8"))
        assert State(path).problem is None


def test_reader_on_a_damaged_library_says_reindex_in_one_line(tmp_path):
    _, library, _ = _build(tmp_path, 3)
    _corrupt_toc(library)
    result = subprocess.run(cli(library), cwd=ROOT, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "reindex" in result.stderr, result.stderr


def test_reindex_keeps_threads_whose_source_is_gone(tmp_path):
    corpus, library, expected = _build(tmp_path, 6)
    (corpus / "thread-0002.txt").unlink()
    result = subprocess.run(cli(library, "reindex"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert_complete(library, expected)


@pytest.mark.slow
def test_reindex_survives_kill_9(tmp_path):
    corpus = tmp_path / "corpus"
    expected = build_corpus(corpus, 120)
    library = tmp_path / "library"
    first = subprocess.run(cli(library, "import", str(corpus)), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    env = small_batches(tmp_path)
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0):
        process = subprocess.Popen(cli(library, "reindex"), cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert_complete(library, expected)  # the old index, or the finished new one: never a gap


def test_crash_between_the_reindex_renames_loses_nothing(tmp_path, monkeypatch):
    """Reindex swaps the new index in with renames; a crash between them must not leave an empty library."""
    _, library_dir, expected = _build(tmp_path, 5)
    real_replace = os.replace
    calls = []

    def crash_after_first_index_move(src, dst):
        calls.append((str(src), str(dst)))
        if Path(dst).name == "index" and len([c for c in calls if "index" in Path(c[0]).name]) >= 2:
            raise KeyboardInterrupt("simulated crash between the renames")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_after_first_index_move)
    with pytest.raises(KeyboardInterrupt):
        Library.rebuild(library_dir)
    monkeypatch.undo()
    assert_complete(library_dir, expected)
