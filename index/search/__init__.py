"""Queries over the library: parsing user text as data, running, grouping, snippets, did-you-mean."""

# Every module here imports whoosh: whoosh_patches first, so it is imported lightly and patched.
from index.library import whoosh_patches  # noqa: E402,F401
