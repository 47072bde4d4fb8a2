"""The reader's command line: `threadreader open` refuses bad input in one line; the palette has every key."""

from __future__ import annotations

import subprocess
import sys

from tests.test_app_support import ROOT, app_on, build_library, copy_library, loaded, wait_for


def run_cli(*args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {"THREADREADER_CONFIG": str(tmp_path / "config"), "PATH": "/usr/bin:/bin", "TERM": "dumb"}
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=60, stdin=subprocess.DEVNULL)


def test_open_with_a_library_that_is_a_file_fails_in_one_line(tmp_path):
    not_a_dir = tmp_path / "library"
    not_a_dir.write_text("I am a file", encoding="utf-8")
    result = run_cli("--library", str(not_a_dir), "open", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("threadreader: cannot open the library")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not_a_dir.read_text(encoding="utf-8") == "I am a file"


def test_open_is_registered_with_paths(tmp_path):
    from tui.__main__ import build_parser

    args = build_parser().parse_args(["open", "a.txt", "b/"])
    assert args.paths == ["a.txt", "b/"] and args.func.__name__ == "run_open"


async def test_command_palette_offers_the_keys_of_the_screen(tmp_path):
    library = copy_library(build_library(tmp_path / "template"), tmp_path / "library")
    try:
        app = app_on(library)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: loaded(app))
            commands = {command.title: command for command in app.get_system_commands(app.screen)}
            assert {"Search", "Sort", "Filter", "Next post", "Bookmark", "Export", "Help", "Theme"} <= set(commands)
            assert commands["Sort"].help == "key: o"
            commands["Sort"].callback()
            await pilot.pause()
            assert app.screen.threads.sort == "unread"
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "CommandPalette"
    finally:
        library.close()


def test_readme_keys_section_matches_the_bindings():
    from tui.screens.help import keys_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert keys_markdown() in readme, "README's ## Keys is stale: regenerate it with tui.screens.help.keys_markdown()"


def test_open_hands_a_listed_library_to_the_app_with_its_index_unopened(tmp_path, monkeypatch):
    from tui import app as app_module
    from tui.__main__ import build_parser

    path = build_library(tmp_path / "library")
    seen = {}

    class Stub:
        def __init__(self, library, **options):
            seen["opened"] = library.stored._searcher is not None

        def run(self):
            seen["ran"] = True

    monkeypatch.setattr(app_module, "make_app", Stub)
    args = build_parser().parse_args(["--library", str(path), "open"])
    assert args.func(args) == 0
    assert seen == {"opened": False, "ran": True}


async def test_open_path_shows_the_files_that_failed_in_the_app(tmp_path, monkeypatch):
    from tui import app as app_module
    from tui.__main__ import build_parser

    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "thread.txt").write_text("A thread\n\nHello there, a first post.\n-----\nAnd a reply to it.\n",
                                       encoding="utf-8")
    made = []

    def capture(library, **options):  # the real app, kept for Pilot instead of taking over the terminal
        app = app_module.ThreadReaderApp(library, keymap_file=tmp_path / "none.toml",
                                         settings_file=tmp_path / "settings.json", **options)
        app.run = lambda: None
        made.append(app)
        return app

    monkeypatch.setattr(app_module, "make_app", capture)
    args = build_parser().parse_args(["--library", str(tmp_path / "library"), "open", str(folder)])
    assert args.func(args) == 0
    nothing = tmp_path / "nothing-here"
    nothing.mkdir()
    args = build_parser().parse_args(["--library", str(tmp_path / "library"), "open", str(nothing)])
    assert args.func(args) == 0
    assert made[1].notices == [f"No transcripts (.txt, .html, .mht…) under {nothing}"]
    from index.library.store import Library

    library = Library.open(tmp_path / "library")  # open() closed its own once the (stubbed) run returned
    try:
        app = made[0]
        app.library = library
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: loaded(app))
            shown = [notification.message for notification in app._notifications]
            assert any("1 failed" in message and "empty.txt" in message for message in shown), shown
    finally:
        library.close()


def test_a_path_without_a_command_is_opened_and_an_unknown_word_fails_in_one_line(tmp_path, monkeypatch):
    from tui import app as app_module
    from tui.__main__ import main

    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "thread.txt").write_text("A thread\n\nHello there, a first post.\n-----\nAnd a reply.\n", encoding="utf-8")
    opened = []

    class Stub:
        def __init__(self, library, **options):
            opened.append(sorted(summary.title for summary in library.threads()))

        def run(self):
            pass

    monkeypatch.setattr(app_module, "make_app", Stub)
    assert main(["--library", str(tmp_path / "library"), str(folder)]) == 0  # as `threadreader open DIR`
    assert opened == [["A thread"]]
    result = run_cli("--library", str(tmp_path / "library"), "no-such-thing", tmp_path=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "threadreader: no command, file or folder named 'no-such-thing'; to read transcripts: "
        "threadreader open PATH (threadreader -h lists the commands)"]
    assert not (tmp_path / "no-such-thing").exists()
