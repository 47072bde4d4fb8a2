"""The Whoosh schema of the library: one document per post and one per thread."""

from __future__ import annotations

import datetime as _dt
import re

import Stemmer
from index.library import whoosh_patches  # noqa: F401,I001  (before any whoosh import: it imports whoosh lightly)
from whoosh import columns, fields
from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemFilter,
    StopFilter,
)
from whoosh.util.times import datetime_to_long

# Bump it in version.py (opening a library reads it there without importing whoosh).
from index.library.version import SCHEMA_VERSION  # noqa: E402,F401

# Fields a user may name in a query (the rest are plumbing).
QUERY_FIELDS = ("own", "quoted", "sig", "title", "author", "forum", "thread", "location", "date", "joined")


class Dates(fields.DATETIME):
    """A DATETIME whose `>` and `<` ranges exclude the named period (`joined:>2015` means 2016 on)."""

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        from whoosh import query

        if start is None and end is None:
            return query.Every(fieldname, boost=boost)
        low = high = None
        if start is not None:
            at = self._parse_datestring(start)
            low = datetime_to_long(at.ceil() + _dt.timedelta(microseconds=1) if startexcl else at.floor())
        if end is not None:
            at = self._parse_datestring(end)
            high = datetime_to_long(at.floor() - _dt.timedelta(microseconds=1) if endexcl else at.ceil())
        return query.NumericRange(fieldname, low, high, boost=boost)


class PartsFilter(Filter):
    """Words joined by dots or underscores (www.example.com, showthread.aspx, max_posts) are also
    indexed by their parts, each as a word of its own after the whole."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            text = token.text  # saved: the filters after this one change the token in place
            yield token
            if "." in text or "_" in text:
                parts = [part for part in PARTS.split(text) if part]
                if len(parts) > 1:
                    for part in parts:
                        token.text = part
                        yield token


PARTS = re.compile(r"[._]+")


_PORTER = Stemmer.Stemmer("porter")


def stem(word: str) -> str:
    """The word's Porter stem; words under three letters are their own stem, as in SQLite's porter tokenizer."""
    # Whoosh's own Porter port never undoubles ("running" -> "runn", so `run` missed it); Snowball's is the reference.
    return word if len(word) < 3 else _PORTER.stemWord(word)


def _words():
    # StemmingAnalyzer's chain, with the parts of dotted and underscored words added. No stop words:
    # phrases remembered from a post are made of them ("I think you're wrong"). The StopFilter with an
    # empty list numbers the parts after their whole, so a phrase may run through them.
    return (RegexTokenizer(r"\w+(\.?\w+)*") | LowercaseFilter() | PartsFilter()
            | StopFilter(stoplist=(), minsize=1) | StemFilter(stemfn=stem))


def _names():
    # Names and places: no stemming and no stop words ("The Hague", "Will").
    return StandardAnalyzer(stoplist=None, minsize=1)


class LibrarySchema(fields.SchemaClass):
    """Post documents carry kind="post"; thread documents kind="thread" with the list's metadata; kind="words" the vocabulary."""

    kind = fields.ID()
    thread = fields.ID(stored=True, sortable=True)
    post = fields.COLUMN(columns.NumericColumn("i"))  # only sorted on: no postings
    source = fields.ID()
    title = fields.TEXT(analyzer=_words(), phrase=True)
    forum = fields.TEXT(analyzer=_names(), phrase=True)
    author = fields.TEXT(analyzer=_names(), phrase=True)
    author_key = fields.ID()
    location = fields.TEXT(analyzer=_names(), phrase=True)
    joined = Dates()
    date = Dates(sortable=True)
    own = fields.TEXT(analyzer=_words(), phrase=True)
    quoted = fields.TEXT(analyzer=_words(), phrase=True)
    sig = fields.TEXT(analyzer=_words(), phrase=True)  # the post's signature: found, but below its words
    seams = fields.TEXT(analyzer=_words(), phrase=True)  # for phrases only: see documents.seams
    # Plain words authors wrote, on kind="words" documents (one per import commit, never deleted):
    # the did-you-mean vocabulary. A superset: words of deleted threads are dropped when suggesting.
    # Stored, not indexed: tens of thousands of one-posting terms were a third of a commit.
    vocab = fields.STORED()
    data = fields.STORED()  # the post as compact JSON, enough to render it
    meta = fields.STORED()  # the thread summary as compact JSON


def plain_tokens():
    """The unstemmed tokenizer used for the did-you-mean vocabulary."""
    return RegexTokenizer(r"[^\W\d_]{2,}") | LowercaseFilter()
