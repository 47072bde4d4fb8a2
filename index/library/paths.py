"""Where the library lives: --library, then THREADREADER_HOME, then the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "threadreader"
BUNDLED_TRANSCRIPTS = Path(__file__).resolve().parents[2] / "transcripts"
INDEX_DIR = "index"  # the Whoosh index, inside the library folder


def library_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The library directory the user asked for, or the platform's data directory."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("THREADREADER_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs  # here: a library or config named by the user needs no platform look-up (~5 ms of imports)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's config directory (keymap file lives here)."""
    env = os.environ.get("THREADREADER_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
