"""The reading commands' styled output: escape codes only for a terminal, only SGR ones, text always inert."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys

from tests.hostile import forbidden_in, write_escapes
from tests.test_text_safety import ROOT
from tui.cli.styled import Output, highlighted, styling_wanted

SGR = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_codes_for_a_pipe_and_sgr_codes_for_a_terminal():
    piped, terminal = io.StringIO(), Terminal()
    for stream in (piped, terminal):
        Output(stream, environ={"TERM": "xterm"}).line(("  #3", "cyan"), " ", ("bob", "green"), ": ", "said")
    assert piped.getvalue() == "  #3 bob: said\n"
    assert SGR.sub("", terminal.getvalue()) == "  #3 bob: said\n"
    assert "\x1b[36m  #3\x1b[0m" in terminal.getvalue() and "\x1b[32mbob\x1b[0m" in terminal.getvalue()


def test_the_environment_decides_as_rich_does():
    assert not styling_wanted(Terminal(), {"TERM": "dumb"})
    assert styling_wanted(io.StringIO(), {"FORCE_COLOR": "1"})
    assert not styling_wanted(Terminal(), {"FORCE_COLOR": ""})
    assert not styling_wanted(Terminal(), {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"})
    stream = Terminal()
    Output(stream, environ={"NO_COLOR": "1"}).line(("bob", "bold green"))
    assert stream.getvalue() == "\x1b[1mbob\x1b[0m\n"  # bold kept, no colour


def test_hostile_text_is_inert_even_when_styled():
    stream = Terminal()
    Output(stream, environ={}).line(("\x1b]0;pwned\x07title\u202e", "bold"), " ", "\x1b[2Jrest\r")
    text = SGR.sub("", stream.getvalue())
    assert forbidden_in(text) == [] and "title" in text and "rest" in text


def test_highlighted_splits_the_spans_out():
    assert highlighted("the lina be", [(4, 8)]) == ["the ", ("lina", "bold reverse"), " be"]
    assert highlighted("abc", [(0, 3), (1, 2), (5, 9)]) == [("abc", "bold reverse")]  # overlaps and strays dropped


def test_search_on_a_terminal_writes_only_sgr_codes(tmp_path):
    source = write_escapes(tmp_path / "hostile.txt")
    library = tmp_path / "library"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(TERM="xterm-256color", COLUMNS="120")
    done = subprocess.run([sys.executable, "-m", "tui", "--library", str(library), "import", str(source)],
                          cwd=ROOT, capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "tui", "--library", str(library), "search", "shouting"],
                             cwd=ROOT, stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end closed: the command is done
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert child.wait(timeout=120) == 0, child.stderr.read()
    text = out.decode("utf-8").replace("\r\n", "\n")  # the terminal's own line ends (onlcr)
    assert SGR.search(text)  # a terminal gets styles
    assert forbidden_in(SGR.sub("", text)) == [] and "shouting" in text


def test_a_closed_pipe_ends_the_search_quietly(tmp_path):
    library = tmp_path / "library"
    done = subprocess.run([sys.executable, "-m", "tui", "--library", str(library), "import", str(ROOT / "transcripts")],
                          cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written (as `| head -0`)
    child = subprocess.run([sys.executable, "-m", "tui", "--library", str(library), "search", "stalin"],
                           cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE, timeout=120)
    os.close(write_end)
    assert child.returncode == 0 and child.stderr == b""


def test_a_reading_command_ends_without_the_interpreter_teardown_and_loses_no_output(tmp_path):
    library = tmp_path / "library"
    done = subprocess.run([sys.executable, "-m", "tui", "--library", str(library), "import", str(ROOT / "transcripts")],
                          cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    code = ("import atexit, sys; atexit.register(lambda: print('TEARDOWN'))\n"
            "from tui.__main__ import main; sys.exit(main())")
    for argv, status in ((["search", "stalin", "--limit", "200"], 0), (["search", "zzyzxqwv"], 1)):
        result = subprocess.run([sys.executable, "-c", code, "--library", str(library), *argv],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == status, result.stderr
        assert "TEARDOWN" not in result.stdout  # the process ended at once
        last = result.stdout.splitlines()[-1]
        assert last.startswith("no posts match") if status else last.endswith("threads")  # every line is there
    imported = subprocess.run([sys.executable, "-c", code, "--library", str(library), "import", str(ROOT / "transcripts")],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "TEARDOWN" in imported.stdout  # a writer ends normally
