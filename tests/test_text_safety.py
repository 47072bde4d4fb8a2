"""Transcript text reaches the terminal inert and visible: no markup, no escapes, no hidden reordering."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.textsafety import one_line, printable
from tests.hostile import ESCAPES, FORBIDDEN_ON_TERMINAL, forbidden_in, write_escapes

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("label", "text"), ESCAPES, ids=[label for label, _ in ESCAPES])
def test_printable_neutralises_each_escape(label, text):
    shown = printable(text)
    assert forbidden_in(shown) == []
    # Every character that was hidden is now visible as an escape, so nothing is silently lost.
    for ch in text:
        if ch in FORBIDDEN_ON_TERMINAL:
            assert f"{ord(ch):02x}" in shown.lower(), (label, ch)


def test_printable_keeps_ordinary_text_exactly():
    text = "Ordinary words, ünïcödé, Привет, 日本語, emoji 🙂\n\tindented [bold]literal[/bold]"
    assert printable(text) == text


@settings(max_examples=400)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",))))
def test_printable_never_lets_a_control_through(text):
    shown = printable(text)
    assert forbidden_in(shown) == []
    assert printable(shown) == shown  # escaping twice changes nothing more


@settings(max_examples=300)
# The tag block is escaped whole, its unassigned points (category Cn) too: they may be assigned later.
@given(st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")).filter(
    lambda c: not 0xE0000 <= ord(c) <= 0xE007F)))
def test_printable_is_identity_on_safe_text(text):
    assert printable(text) == text


@settings(max_examples=300)
@given(st.text(), st.integers(min_value=1, max_value=80))
def test_one_line_is_one_safe_line(text, width):
    line = one_line(text, width)
    assert "\n" not in line
    assert forbidden_in(line) == []
    assert len(line) <= width


def run_cli(*args: str, library: Path) -> subprocess.CompletedProcess:
    """Run the real command line, as a user would, with a pipe for stdout (no terminal)."""
    env = dict(os.environ, COLUMNS="120", TERM="xterm-256color")
    return subprocess.run(
        [sys.executable, "-m", "tui", "--library", str(library), *args],
        cwd=ROOT,
        capture_output=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def escapes_file(tmp_path_factory):
    """A transcript whose every post carries a hostile escape."""
    return write_escapes(tmp_path_factory.mktemp("escapes") / "hostile.txt")


@pytest.fixture(scope="module")
def escapes_library(escapes_file):
    """A library holding the hostile transcript."""
    source = escapes_file
    library = source.parent / "library"
    result = run_cli("import", str(source), library=library)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return source, library


def assert_inert(output: bytes) -> str:
    text = output.decode("utf-8")
    assert forbidden_in(text) == []
    return text


def test_parse_outline_is_inert(escapes_file):
    source = escapes_file
    result = run_cli("parse", str(source), library=source.parent)
    assert result.returncode == 0, result.stderr
    text = assert_inert(result.stdout)
    assert "[bold red]shouting[/bold red]" in text
    assert "[link=https://evil.example/]click me[/link]" in text
    assert ":skull:" in text and "\N{SKULL}" not in text


def test_parse_json_escapes_and_keeps_every_character(escapes_file):
    source = escapes_file
    result = run_cli("parse", str(source), "--json", library=source.parent)
    assert result.returncode == 0, result.stderr
    assert_inert(result.stdout)
    everything = "\n".join(strings_in(json.loads(result.stdout)))
    for label, text in ESCAPES:
        # JSON escapes on the wire but the reader of the JSON gets every visible character back.
        # (The parser may drop controls and zero-width spaces; the words around them must stay.)
        kept = [ch for ch in text if ch not in FORBIDDEN_ON_TERMINAL]
        assert all(ch in everything for ch in kept), label


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def test_show_is_inert_and_visible(escapes_library):
    _, library = escapes_library
    result = run_cli("show", "Hostile", library=library)
    assert result.returncode == 0, result.stderr
    text = assert_inert(result.stdout)
    assert "[bold red]shouting[/bold red]" in text
    assert "[@click=app.quit]quit now[/]" in text
    assert ":skull:" in text
    assert "HIDDEN" in text and "secret" in text  # a CR or backspace cannot hide words


def test_search_terminal_and_json_are_inert(escapes_library):
    _, library = escapes_library
    plain = run_cli("search", "shouting", library=library)
    assert plain.returncode == 0, plain.stderr
    assert "shouting" in assert_inert(plain.stdout)
    for query in ("red", "HIDDEN", "innocent"):
        result = run_cli("search", query, "--json", library=library)
        assert result.returncode == 0, (query, result.stderr)
        assert_inert(result.stdout)
        lines = [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]
        assert lines, query


def test_export_markdown_is_inert(escapes_library, tmp_path):
    _, library = escapes_library
    out = tmp_path / "thread.md"
    result = run_cli("export", "Hostile", "--format", "md", "-o", str(out), library=library)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert forbidden_in(text) == []
    assert "shouting" in text


def test_errors_about_hostile_file_names_are_inert(tmp_path):
    evil = tmp_path / "evil\x1b]0;pwned\x07\u202ename.txt"
    evil.write_bytes(b"")
    result = run_cli("import", str(evil), library=tmp_path / "library")
    assert_inert(result.stdout)
    assert_inert(result.stderr)
    assert b"Traceback" not in result.stderr


async def test_app_shows_every_escape_inert_and_visible(tmp_path):
    from tests.test_app_support import app_on, loaded, screen_text, view_text, wait_for

    from index.library.store import Library

    source = write_escapes(tmp_path / "hostile.txt")
    library = Library.open(tmp_path / "library")
    assert library.import_paths([source]).failed == ()
    app = app_on(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        listed = screen_text(app)
        assert forbidden_in(listed) == [] and "[bold]markup" in listed
        await pilot.press("enter")
        view = screen.posts
        await wait_for(pilot, lambda: view.thread is not None)
        await pilot.press("t")  # every quote expanded: all text laid out
        segments = [seg for index in range(len(view.posts)) for strip in view._layout(index).lines for seg in strip]
        drawn = "".join(seg.text for seg in segments)
        assert forbidden_in(drawn) == []
        assert not any(seg.style and (seg.style.link or seg.style.meta) for seg in segments)
        lines = " ".join(" ".join(view_text(view)).split())  # undo the wrapping
        for visible in ("[bold red]shouting[/bold red]", "[link=https://evil.example/]click me[/link]",
                        "[@click=app.quit]quit now[/]", ":skull:", "HIDDEN", "innocent link", "txt.exe"):
            assert visible in lines, visible
        # Hidden characters are shown as escapes, not dropped silently.
        assert "\\u202e" in lines.lower() and "\\u2066" in lines.lower()
        await pilot.press("slash", *"shouting")
        await pilot.pause(0.5)
        assert forbidden_in(screen_text(app)) == []
        assert app.is_running
    library.close()


def test_dates_read_as_words_at_the_precision_they_have():
    from tui.dates import readable

    assert readable("2019-01-05T03:32") == "5 Jan 2019 03:32"
    assert readable("2019-09-30") == "30 Sep 2019"
    assert readable("2019-09") == "Sep 2019"
    assert readable("2019") == "2019"
    assert readable("2019-13") == "2019-13"  # not a date: as it is
    assert readable("11 days ago") == "11 days ago"
