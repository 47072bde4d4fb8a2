"""`threadreader search/show/stats` start without the reader app, the parser, or what only writers or
nobody use: they only read the index."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The app, and the parser with what it needs (index.threads.export, pure formatting, is no parser).
HEAVY = ("textual", "ftfy", "index.threads.parse", "index.threads.read", "index.threads.decode",
         "index.threads.dialects", "index.threads.html", "index.threads.quotes", "index.threads.authors",
         # the writer's side: the import, its worker processes, the write lock, the progress bar
         "index.library.importer", "index.library.workers", "index.library.bulk_writer", "multiprocessing",
         "concurrent.futures", "filelock", "rich.progress", "importlib.metadata",
         # rich.console (~20 ms): the reading commands style their lines with rich.style alone (tui/cli/styled.py),
         # and only on a terminal: output to a pipe imports no rich at all
         "rich.console", "rich.style",
         # what whoosh imports and a reader never uses (index/library/whoosh_patches.py)
         "asyncio", "urllib.request", "cached_property", "whoosh.lang.morph_en",
         # masked arrays, which the plain np.unique imports to ask whether an array is one (index/search/docsets.py)
         "numpy.ma.core",
         # edit distances, for fuzzy words and did-you-mean only: a plain search has no use for them
         "rapidfuzz")


def _loaded(library: Path, *argv: str) -> list[str]:
    code = (
        "import sys\n"
        "from tui.__main__ import main\n"
        f"code = main(['--library', {str(library)!r}, *{list(argv)!r}])\n"
        f"heavy = sorted(m for m in sys.modules if m.startswith({HEAVY!r}))\n"
        "print('LOADED ' + __import__('json').dumps(heavy)); sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("LOADED "))
    return json.loads(line[7:])


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("library")
    done = subprocess.run([sys.executable, "-m", "tui", "--library", str(path), "import", str(ROOT / "transcripts")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("argv", [("search", "people"), ("stats",), ("show", "Soviet-British")])
def test_reading_commands_import_neither_the_app_nor_the_parser(library, argv):
    assert _loaded(library, *argv) == []


def test_the_check_sees_the_parser_when_a_command_needs_it(library):
    assert any(m.startswith("index.threads.parse") for m in _loaded(library, "parse", str(next((ROOT / "transcripts").iterdir()))))


def test_each_command_is_mapped_to_the_module_that_registers_it():
    from tui.__main__ import COMMAND_MODULES, COMMANDS, build_parser

    for module in COMMAND_MODULES:
        registered = build_parser((module,)).commands
        assert registered and {COMMANDS[command] for command in registered} == {module}
    assert set(COMMANDS) == set(build_parser().commands)


def test_a_command_builds_only_its_own_parser_and_help_lists_every_command():
    from tui.__main__ import _parser_for, build_parser

    assert set(_parser_for(["--library", "x", "search", "word"])._subparsers._group_actions[0].choices) == {
        "import", "search", "show", "export", "stats", "reindex"}
    every = set(build_parser().commands)
    for argv in ([], ["-h"], ["-h", "search"], ["some/path.txt"], ["--library", "x"]):
        assert set(_parser_for(argv)._subparsers._group_actions[0].choices) == every
