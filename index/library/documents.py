"""A thread as the index's documents, analyzed ahead of the writer (pure, so import workers can do it)."""

from __future__ import annotations

import re
import time
from functools import lru_cache

from index.library.analysis import fast_text
from index.library.schema import LibrarySchema
from index.library.sources import source_term
from index.library.serialize import (
    meta_to_json,
    parse_date,
    parse_joined,
    post_to_json,
    summary_of,
)
from index.model import Post, Thread

_WORDS = re.compile(r"[^\W\d_]{2,}")
# ASCII letters lowered, everything else a space: split() then finds the runs of letters.
_ASCII_LETTERS = bytes(ord(chr(c).lower()) if c < 128 and chr(c).isalpha() else ord(" ") for c in range(256))
_ONE_LETTER = frozenset("abcdefghijklmnopqrstuvwxyz")


def _words(text: str) -> list[str]:
    """The words of two letters or more, lowered: the did-you-mean vocabulary; for ASCII text
    with words of one letter too (thread_fields drops them from the whole vocabulary at once)."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_LETTERS).decode("ascii").split()
    return _WORDS.findall(text.lower())


# Words each side of a seam between a quote and the reply's own words: a phrase that runs from
# one into the other is found there (the own and quoted fields each hold only one side).
SEAM_WORDS = 8
_IDS_KEPT = 10_000  # values of a field whose postings are kept for the next documents


def seams(post: Post) -> str:
    """The text around each place where a post goes from quoted words to its own or back."""
    blocks = [block for block in post.blocks if block.text.strip()]
    out = []
    for before, after in zip(blocks, blocks[1:]):
        if before.kind != after.kind:
            out.append(" ".join(before.text.split()[-SEAM_WORDS:] + after.text.split()[:SEAM_WORDS]))
    return "\n".join(out)


def thread_fields(thread: Thread, digest: str, imported: float | None = None,
                  pages: tuple[tuple[str, str], ...] = ()) -> tuple[list[dict], set[str]]:
    """(the thread document then one document per post as field name -> value, the words authors wrote)."""
    summary = summary_of(thread, imported=time.time() if imported is None else imported)
    vocab: set[str] = set(_words(thread.title))
    docs = [None]
    for post in thread.posts:
        own = post.own_text
        vocab.update(_words(own))
        if post.signature:
            vocab.update(_words(post.signature))
        names = dict.fromkeys(filter(None, (post.author.name, post.author.label)))
        fields = dict(
            kind="post", thread=thread.id, post=post.index,
            forum=thread.forum or "", author=" ".join(names), author_key=post.author.key,
            location=post.location or "", own=own, quoted=post.quoted_text,
            sig=post.signature or "", seams=seams(post),
            data=post_to_json(post),
        )
        joined = parse_joined(post.joined)
        if joined is not None:
            fields["joined"] = joined
        date = parse_date(post.date)
        if date is not None:
            fields["date"] = date
        docs.append(fields)
    vocab.difference_update(_ONE_LETTER)
    docs[0] = dict(
        kind="thread", thread=thread.id, source=source_term(thread.source), title=thread.title,
        forum=thread.forum or "",
        meta=meta_to_json(summary, content_hash=digest, notes=thread.notes, chrome=thread.chrome, pages=pages),
    )
    return docs, vocab


def words_fields(words) -> dict:
    """The document that adds words to the did-you-mean vocabulary (one per commit, never deleted)."""
    return dict(kind="words", vocab=" ".join(sorted(words)))


# One analyzed field: (name, [(term bytes, weight, value bytes)] or None, length, stored value, column value).
Prepared = tuple[str, list | None, int, object, object]


class Preparer:
    """Turns field dicts into what the writer stores, postings included, for one schema."""

    def __init__(self, schema=None):
        self.schema = schema if schema is not None else LibrarySchema()
        self._fast = {name: fast_text(self.schema[name]) for name in self.schema.names()}
        self._last: dict[str, tuple[str, tuple[int, list]]] = {}
        self._ids: dict[str, dict] = {}

    def prepare(self, fields: dict) -> list[Prepared]:
        """Each field of one document as the writer needs it (fields in name order, like Whoosh)."""
        schema, fast = self.schema, self._fast
        out = []
        for name in sorted(fields):
            value = fields[name]
            if value is None or name.startswith("_"):
                continue
            field = schema[name]
            items, length = None, 0
            if field.indexed:
                analyzer = fast[name]
                if analyzer is not None:
                    # Every post of a thread repeats its title and forum: analyze those once.
                    last = self._last.get(name)
                    if last is not None and last[0] == value:
                        length, items = last[1]
                    else:
                        length, items = analyzer.postings(value)
                        self._last[name] = (value, (length, items))
                else:
                    # Ids, dates and the like repeat from post to post (kind, thread, author): once each.
                    known = self._ids.setdefault(name, {})
                    if value in known:
                        items, length = known[value]
                    else:
                        items = []
                        for term, freq, weight, encoded in field.index(value):
                            items.append((term, weight, encoded))
                            if field.scorable:
                                length += freq
                        if len(known) > _IDS_KEPT:
                            known.clear()
                        known[value] = items, length
            column = field.to_column_value(value) if field.column_type else None
            out.append((name, items, length, value if field.stored else None, column))
        return out


@lru_cache(maxsize=1)
def preparer() -> Preparer:
    return Preparer()


def prepare_thread(thread: Thread, digest: str, imported: float | None = None,
                   pages: tuple[tuple[str, str], ...] = ()) -> tuple[list[list[Prepared]], set[str]]:
    """(the thread's documents ready for BulkWriter.add_prepared, the words authors wrote)."""
    prep = preparer()
    docs, words = thread_fields(thread, digest, imported, pages)
    return [prep.prepare(fields) for fields in docs], words
