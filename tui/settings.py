"""The reader's choices kept between runs (settings.json in the config directory): theme and layout."""

from __future__ import annotations

import json
from pathlib import Path

from index.library import paths
from index.library.atomic import write_atomic

DEFAULTS: dict[str, object] = {
    "theme": "textual-dark",
    "tree_view": False,  # the open thread as a reply tree rather than in time order
    "signatures": True,
    "sort": "newest",
}


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load_settings(path: Path) -> dict[str, object]:
    """The saved choices over the defaults; a missing, damaged or odd file gives the defaults (never raises)."""
    settings = dict(DEFAULTS)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return settings
    if isinstance(saved, dict):
        for key, default in DEFAULTS.items():
            if type(saved.get(key)) is type(default):  # a hand-edited file may hold anything
                settings[key] = saved[key]
    return settings


def save_settings(path: Path, settings: dict[str, object]) -> bool:
    """Write the choices; False if the disk refused (the reader goes on with them in memory)."""
    try:
        write_atomic(path, json.dumps(settings, indent=2, sort_keys=True).encode("utf-8"))
    except OSError:
        return False
    return True
