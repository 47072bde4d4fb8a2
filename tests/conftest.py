"""Shared fixtures: the seed transcripts and their ground truth in ../shared/seeds."""

from __future__ import annotations

import os
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BUNDLED_DIR = ROOT / "transcripts"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed transcripts and gold.json; tests using it skip when ../shared/seeds is absent."""
    if not (SEEDS_DIR / "gold.json").is_file():
        pytest.skip(f"seed ground truth not found at {SEEDS_DIR} (../shared/seeds beside the repository)")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def gold(seeds_dir: Path) -> dict:
    """gold.json: the ground truth of the seed threads (its "about" field explains the keys)."""
    return json.loads((seeds_dir / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def bundled_dir() -> Path:
    """The bundled sample library shipped in transcripts/."""
    return BUNDLED_DIR


# --- Library fixtures (library engineer) -------------------------------------------------


@pytest.fixture(scope="module")
def built_library(tmp_path_factory):
    """A real on-disk library in a temporary directory, built from transcripts/ (shared by a module)."""
    from index.library.store import Library

    library = Library.open(tmp_path_factory.mktemp("library") / "library")
    report = library.import_paths([BUNDLED_DIR])
    assert report.failed == () and report.added == 3
    yield library
    library.close()


@pytest.fixture
def seed_thread_ids(built_library) -> dict[str, str]:
    """Seed file name prefix ("000", "001", "002") -> thread id in built_library."""
    return {Path(s.source).name[:3]: s.id for s in built_library.threads()}


@pytest.fixture(autouse=True, scope="session")
def _private_config(tmp_path_factory):
    """The tests never read or write the user's config (keymap, saved settings)."""
    import os

    saved = os.environ.get("THREADREADER_CONFIG")
    os.environ["THREADREADER_CONFIG"] = str(tmp_path_factory.mktemp("config"))
    yield
    if saved is None:
        os.environ.pop("THREADREADER_CONFIG", None)
    else:
        os.environ["THREADREADER_CONFIG"] = saved


# CI runs the property tests on a fixed sequence of examples, so a landing never depends on luck;
# a local run keeps exploring new ones (and keeps any failure it finds in .hypothesis/).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
