"""Transcript dialects: each module turns one forum's saved text into raw posts."""
