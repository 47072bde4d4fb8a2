"""Queries over the library: parsing user text as data, running, grouping, snippets, did-you-mean."""
