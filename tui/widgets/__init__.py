"""Widgets of the reader: thread list, post view, search bar, quote blocks."""
