"""Saved text or HTML in, Thread out: decoding, dialects, signatures, authors, quotes (pure, no I/O but read.py)."""
