"""Screens of the reader: the main three panes, help, author view."""
