"""Sources: the files an import finds for what the user named (files, folders, globs), and the record of every file imported."""

from __future__ import annotations

import glob
import hashlib
import json
import os
from pathlib import Path
from typing import Iterable

from index.library.atomic import write_atomic

# Directories are searched for these; a file named explicitly is always tried.
TRANSCRIPT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".mht", ".mhtml")
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
ASSETS_FOLDER = "_files"  # a browser's "Web page, complete" puts NAME.html beside NAME_files/
SOURCES_FILE = "sources.json"  # every file ever imported: what reindex reads when the index is damaged


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def absolute(path: str | os.PathLike[str]) -> Path:
    """An absolute path without resolving symlinks, so the recorded source is what the user named."""
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path))))


def _is_assets(name: str, files: set[str]) -> bool:
    """NAME_files beside NAME.html: the saved page's images, scripts and frames, not pages of their own."""
    if not name.endswith(ASSETS_FOLDER):
        return False
    stem = name[: -len(ASSETS_FOLDER)]
    return any(stem + suffix in files for suffix in PAGE_SUFFIXES)


def _walk(directory: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(directory):
        # Skip hidden folders (.git, the library itself when it sits inside the tree) and saved pages' assets.
        present = set(files)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _is_assets(d, present))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(TRANSCRIPT_SUFFIXES):
                yield Path(root) / name


def discover(names: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[tuple[str, str]], list[Path]]:
    """(files to import, (name, reason) for names that match nothing, places named for --prune)."""
    files: dict[Path, None] = {}
    missing: list[tuple[str, str]] = []
    roots: list[Path] = []
    for name in names:
        text = os.fspath(name)
        path = absolute(text)
        if path.is_dir():
            roots.append(path)
            files.update(dict.fromkeys(_walk(path)))
        elif path.exists() or os.path.lexists(path):
            files[path] = None
            roots.append(path)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                missing.append((text, "no files match this pattern"))
            for match in matches:
                found = absolute(match)
                if found.is_dir():
                    roots.append(found)
                    files.update(dict.fromkeys(_walk(found)))
                else:
                    files[found] = None
        else:
            missing.append((text, "no such file or directory"))
            roots.append(path)  # still a place named: --prune drops the thread it held
    return list(files), missing, roots


def read_sources(root: Path) -> list[str]:
    try:
        data = json.loads((root / SOURCES_FILE).read_text(encoding="utf-8"))
        return [str(source) for source in data.get("sources", [])]
    except (OSError, ValueError, AttributeError):
        return []


def write_sources(root: Path, sources: Iterable[str]) -> None:
    write_atomic(root / SOURCES_FILE, json.dumps({"sources": sorted(sources)}).encode())  # ASCII: a name that is not UTF-8 round-trips as \udcNN


def source_term(source: str) -> str:
    """A source path as an index term: a file name's bytes that are not UTF-8 written as \\xNN (the path itself is stored as it is)."""
    return source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
