"""Helpers for the app tests: a real library built from transcripts/, and waiting for the app."""

from __future__ import annotations

import shutil
from pathlib import Path

from index.library.store import Library
from tui.app import make_app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "transcripts"
HISTORUM_TITLE = "A Soviet-British-French-Polish alliance before WW2"


def build_library(path: Path, extra: dict[str, str] | None = None) -> Path:
    """A library at `path` holding the bundled transcripts (plus extra files: name -> text)."""
    library = Library.open(path)
    sources = [str(BUNDLED)]
    if extra:
        folder = path.parent / f"{path.name}-extra"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in extra.items():
            (folder / name).write_text(text, encoding="utf-8")
        sources.append(str(folder))
    report = library.import_paths(sources)
    library.close()
    assert report.added >= 3 and not report.failed, report
    return path


def copy_library(template: Path, target: Path) -> Library:
    shutil.copytree(template, target)
    return Library.open(target)


async def wait_for(pilot, predicate, timeout: float = 10.0) -> None:
    """Let the app work (workers, timers) until predicate() holds; fail clearly if it never does."""
    waited = 0.0
    while not predicate():
        if waited >= timeout:
            raise AssertionError(f"timed out waiting for {predicate.__doc__ or predicate}")
        await pilot.pause(0.05)
        waited += 0.05
    await pilot.pause()


def loaded(app) -> bool:
    """the thread list to be filled"""
    screen = app.screen
    return bool(screen.query("ThreadList")) and bool(screen.query_one("ThreadList").all_rows)


def view_text(view) -> list[str]:
    """Every line the post view would draw, as plain text, laying out all posts."""
    lines = []
    for index in range(len(view.posts)):
        lines.extend(strip.text for strip in view._layout(index).lines)
    return lines


def row_index(screen, title: str) -> int:
    return next(i for i, row in enumerate(screen.threads.rows) if row.summary.title == title)


async def open_thread(pilot, title: str):
    """Open the thread titled `title` from the list as a user would; (screen, its post view) once shown."""
    app = pilot.app
    await wait_for(pilot, lambda: loaded(app))
    screen = app.screen
    screen.threads.cursor = row_index(screen, title)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.posts.thread is not None and screen.posts.thread.title == title
                   and not screen.posts.previewing)
    return screen, screen.posts


def app_on(library, settings_file: Path | None = None):
    """The app on this library, with no keymap and its own settings file (never the user's)."""
    settings_file = settings_file or Path(library.path).parent / "settings.json"
    return make_app(library, keymap_file=Path("/nonexistent/keymap.toml"), settings_file=settings_file)


def screen_text(app) -> str:
    """What the terminal shows now, as text (from the app's own SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")
