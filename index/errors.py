"""Errors index/ raises for bad input, each carrying a one-line message for the user."""

from __future__ import annotations


class TranscriptError(ValueError):
    """A transcript file that cannot be read as text; str(error) is a one-line message."""

    def __init__(self, message: str) -> None:
        # Messages may embed file names or OS errors; keep them on one line for the CLI and the UI.
        super().__init__(" ".join(str(message).split()))
