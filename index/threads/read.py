"""The one way a saved thread becomes a Thread: read the file, decode its bytes, parse the text."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from index.threads.decode import decode
from index.threads.html import mhtml, sniff
from index.errors import TranscriptError
from index.model import Thread
from index.threads.parse import parse

# Transcripts are pages of a forum; a file this big is something else and would stall the reader.
MAX_BYTES = 64 * 1024 * 1024


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a transcript file; TranscriptError with a one-line reason when it cannot be read."""
    path = Path(path)
    try:
        if path.is_dir():
            raise TranscriptError(f"{path}: is a directory, not a transcript")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A pipe would block for ever and /dev/zero never ends: only regular files are read.
            raise TranscriptError(f"{path}: not a regular file (a pipe, device or socket)")
        if info.st_size > MAX_BYTES:
            raise TranscriptError(f"{path}: too large for a transcript (over {MAX_BYTES // 2**20} MB)")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the file may grow between stat and read
        if len(data) > MAX_BYTES:
            raise TranscriptError(f"{path}: too large for a transcript (over {MAX_BYTES // 2**20} MB)")
        return data
    except FileNotFoundError:
        raise TranscriptError(f"{path}: no such file") from None
    except PermissionError:
        raise TranscriptError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise TranscriptError(f"{path}: is a directory, not a transcript") from None
    except OSError as error:
        raise TranscriptError(f"{path}: cannot read ({error.strerror or error})") from None


def thread_from_bytes(data: bytes, name: str) -> Thread:
    """The parsed thread in `data` (a saved text copy or page), with decoding notes on Thread.notes.

    TranscriptError (one line, naming `name`) when the bytes are not text.
    """
    try:
        text, notes = _text(data)
    except TranscriptError as error:
        raise TranscriptError(f"{name}: {error}") from None
    del data  # a 50 MB transcript's bytes need not stay beside its text while it is parsed
    thread = parse(text, name)
    notes = tuple(notes) + thread.notes
    return replace(thread, notes=notes) if notes else thread


def _text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Web archives and saved pages decode as a browser would (BOM, then their charset); text copies by decode()."""
    if sniff.is_mhtml(data):
        page, charset, _ = mhtml.html_part(data)
        return sniff.page_text(page, charset)
    if sniff.is_page(data):
        return sniff.page_text(data)
    return decode(data)


def read_thread(path: str | os.PathLike[str]) -> Thread:
    """The parsed thread of the file at `path`; TranscriptError with a one-line reason when it cannot be read."""
    return thread_from_bytes(read_bytes(path), str(path))
