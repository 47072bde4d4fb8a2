"""Privacy: nothing reaches the network, and the library is readable by its owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from index.library.store import Library
from index.library.paths import BUNDLED_TRANSCRIPTS
from tests.offline import network_disabled, offline_env

ROOT = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_tripwire_itself_catches_a_connection():
    import socket
    import urllib.request

    with network_disabled() as attempts:
        with pytest.raises(OSError):
            socket.create_connection(("192.0.2.1", 80), timeout=1)
        with pytest.raises(OSError):
            urllib.request.urlopen("http://192.0.2.1/", timeout=1)
        a, b = socket.socketpair()  # local pipes (the event loop's) stay allowed
        a.close(), b.close()
    assert len(attempts) == 2


def test_library_directory_is_private_even_with_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        library = Library.open(tmp_path / "deep" / "library")
    finally:
        os.umask(old)
    try:
        assert mode(library.path) == 0o700
    finally:
        library.close()


def test_default_library_location_is_private(tmp_path, monkeypatch):
    monkeypatch.delenv("THREADREADER_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    library = Library.open()
    try:
        assert tmp_path in library.path.parents
        assert mode(library.path) == 0o700
    finally:
        library.close()


def test_an_existing_open_library_directory_is_tightened_or_left_alone(tmp_path):
    existing = tmp_path / "shared"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)
    library = Library.open(existing)
    library.close()
    # The user chose this directory; what matters is that files we write are not world-readable.
    for path in existing.rglob("*"):
        if path.is_file():
            assert not mode(path) & stat.S_IWOTH, path


def test_import_search_show_state_stay_offline(tmp_path):
    with network_disabled() as attempts:
        library = Library.open(tmp_path / "library")
        report = library.import_paths([BUNDLED_TRANSCRIPTS])
        assert report.added == 3
        page = library.search("stalin")
        assert page.total_posts > 0
        library.search("stallin")  # did-you-mean
        thread = library.thread(page.results[0].thread.id)
        library.state.mark_read(thread.id, [0])
        library.state.toggle_bookmark(thread.id, 1)
        library.posts_by_author(thread.posts[0].author.key)
        library.stats()
        library.close()
    assert attempts == []


def test_command_line_stays_offline(tmp_path):
    env, log = offline_env(tmp_path)
    library = tmp_path / "library"
    transcript = sorted(BUNDLED_TRANSCRIPTS.glob("*.txt"))[0]
    commands = [
        ["import", str(BUNDLED_TRANSCRIPTS)],
        ["search", "stalin"],
        ["search", "stalin", "--json"],
        ["show", "A Soviet"],
        ["export", "A Soviet", "--format", "md", "-o", str(tmp_path / "out.md")],
        ["stats"],
        ["reindex"],
        ["parse", str(transcript), "--json"],
    ]
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-m", "tui", "--library", str(library), *command],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, (command, result.stderr)
        assert "network disabled" not in result.stderr, (command, result.stderr)
    assert log.read_text(encoding="utf-8") == ""


async def test_app_stays_offline(tmp_path):
    from tui.app import make_app

    with network_disabled() as attempts:
        library = Library.open(tmp_path / "library")
        library.import_paths([BUNDLED_TRANSCRIPTS])
        app = make_app(library=library)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for key in ("j", "enter", "n", "n", "t", "slash", "s", "t", "a", "l", "i", "n", "enter", "question_mark"):
                await pilot.press(key)
            await pilot.pause()
            await pilot.press("escape")
        library.close()
    assert attempts == []
