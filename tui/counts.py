"""Counts in words ("1 post", "3 posts"), shared by the app and the command line without importing Textual."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
