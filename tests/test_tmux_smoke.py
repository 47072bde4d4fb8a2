"""Smoke test in a real terminal: start threadreader in tmux at 80x24, send keys, read the pane."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from index.threads.read import read_thread
from tests.conftest import BUNDLED_DIR

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


class Pane:
    def __init__(self, session: str) -> None:
        self.session = session

    def text(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str, literal: bool = False) -> None:
        tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.text()
            if needle in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{self.text()}")

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.session], capture_output=True).returncode == 0


@pytest.fixture
def pane(tmp_path):
    session = f"threadreader-smoke-{uuid.uuid4().hex[:8]}"
    env = f"THREADREADER_CONFIG={tmp_path / 'config'} TERM=xterm-256color"
    command = f"cd {os.getcwd()} && env {env} {sys.executable} -m tui --library {tmp_path / 'library'}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command], check=True)
    try:
        yield Pane(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_first_run_reads_a_thread_searches_and_quits(pane):
    shown = pane.wait_for("3 threads")  # the first run imported the bundled transcripts
    assert "Threads" in shown and "posts" in shown
    for title in ("A Soviet-British", "What if UK/France", "Why was Russia"):
        assert title in shown

    pane.keys("Enter")
    shown = pane.wait_for("#1 ")
    # The opened thread's first post is on screen: its opening words, as the parser read them.
    openings = [" ".join(read_thread(path).posts[0].own_text.split())[:25] for path in sorted(BUNDLED_DIR.glob("*.txt"))]
    assert any(opening in " ".join(shown.split()) for opening in openings), shown

    pane.keys("v")  # the reply tree, drawn with tree lines
    shown = pane.wait_for("reply tree")
    pane.keys("n")
    shown = pane.wait_for("post 2 of")
    assert "├─" in shown or "└─" in shown, shown
    pane.keys("v")
    pane.wait_for("time order")

    pane.keys("/stallin", literal=True)  # one burst: the keys after "/" must land in the bar
    shown = pane.wait_for("showing results for")
    assert "showing results for “stalin”" in shown
    shown = pane.wait_for("matching")  # the list's results may come a frame after the bar's notice
    assert "showing results for “stalin”" in shown
    pane.keys("C-y")
    shown = pane.wait_for("posts in 3 threads")
    assert "matching" in shown

    pane.keys("Escape")
    time.sleep(0.3)
    pane.keys("?")
    shown = pane.wait_for("Next post")
    assert "Reading (any pane)" in shown and "Previous unread" in shown
    pane.keys("Escape")
    time.sleep(0.3)
    pane.keys("q")
    deadline = time.monotonic() + 10
    while pane.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not pane.alive(), "q did not quit the reader"
