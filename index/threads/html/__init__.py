"""Saved web pages (.html, .mht): the repeated post element, its fields, quote elements and bodies."""

from index.threads.html.reader import looks_like_page, read_page

__all__ = ["looks_like_page", "read_page"]
