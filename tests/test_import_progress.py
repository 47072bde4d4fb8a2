"""Import progress says when every file is read and the index is being written, not N/N and silence."""

from __future__ import annotations

from index.library.store import Library
from index.model import ImportProgress, ImportReport
from tests.test_app_support import build_library, wait_for
from tui import app as app_module
from tui.widgets.status_bar import StatusBar


def test_progress_is_writing_once_every_file_is_read():
    assert not ImportProgress(0, 0, 0).writing  # nothing counted yet
    assert not ImportProgress(2, 3, 40, "b.txt").writing
    assert ImportProgress(3, 3, 60, "c.txt").writing


async def test_the_status_bar_says_the_index_is_being_written(tmp_path, monkeypatch):
    library = Library.open(build_library(tmp_path / "lib"), load=False)

    def import_paths(paths, progress=None, **kwargs):
        progress(ImportProgress(1, 2, 10, "a.txt"))
        progress(ImportProgress(2, 2, 25, "b.txt"))
        return ImportReport(added=2, posts=25)

    monkeypatch.setattr(library, "import_paths", import_paths)
    shown: list[str] = []
    real = StatusBar.set_status
    monkeypatch.setattr(StatusBar, "set_status", lambda bar, text: (shown.append(text), real(bar, text))[1])
    app = app_module.make_app(library, import_first=[str(tmp_path / "new")], settings_file=tmp_path / "s.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: any(text.startswith("Writing the index") for text in shown))
    assert "Importing 1/2 files · 10 posts" in shown
    assert "Writing the index · 25 posts" in shown
    assert "Importing 2/2 files · 25 posts" not in shown
    library.close()
