"""What one open searcher knows about the library: thread summaries, threads, authors, vocabulary."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

from index.library import catalog
from index.library.catalog import Entry
from index.library.serialize import chrome_from_json, meta_from_json, post_from_json
from index.model import Post, Thread, ThreadSummary

# An id prefix must be at least this long, so "a" never silently picks a thread.
MIN_ID_PREFIX = 4


@functools.cache
def _words_analyzer():
    """The analyzer of a post's own words."""
    from index.library.schema import LibrarySchema

    return LibrarySchema()["own"].analyzer


def _posts_query(field: str, value: str):
    """kind:post AND field:value."""
    from index.library import whoosh_patches  # noqa: F401,I001  (before any other whoosh import)
    from whoosh.query import And, Term

    return And([Term("kind", "post"), Term(field, value)])


class StoredThreads:
    """Reads from one searcher generation; caches what is costly to rebuild per call."""

    def __init__(self, index, root: Path, searcher=None):
        self._index = index  # index(open_now=True) -> the Whoosh index (None if unopened and not open_now)
        self._searcher = searcher  # opened at the first call that needs it (a listing may not)
        self.root = root  # the library folder, where the thread catalog lives
        self._meta: dict[str, Entry] | None = None
        self._generation: int | None = None  # the index generation the summaries were read for, without a searcher
        self._summaries: dict[str, ThreadSummary] | None = None
        self._vocabulary: list[str] | None = None
        self.cache: dict[str, object] = {}  # per-generation helpers built by index/search/run.py

    @property
    def searcher(self):
        """The searcher, opened now if need be. Opening it opens every segment's files (~3 ms a
        segment), which a library listed from a current catalog never needs."""
        if self._searcher is None:
            self._searcher = self._index().searcher()
            if self._generation is not None and self._searcher.reader().generation() != self._generation:
                # Another process committed since the summaries were read: read them for this searcher.
                self._meta = self._summaries = None
            self._generation = None
        return self._searcher

    def up_to_date(self) -> bool:
        """Whether this is the index's latest generation (what is not read yet will be)."""
        if self._searcher is not None:
            return self._searcher.up_to_date()
        return self._generation is None or self._generation == catalog.latest_generation(self.root)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()

    def _current_catalog(self) -> None:
        """The summaries from the catalog when it was written for the index as it is: checked
        against the latest table of contents (the same bytes, or else the same segments and
        deletions), without opening a segment, nor importing whoosh when the bytes agree."""
        if self._meta is not None or self._searcher is not None:
            return
        if self._index(open_now=False) is None:
            found = catalog.load_recorded(self.root)
            if found is not None:
                self._meta, self._generation = found
                return
        toc = self._index()._read_toc()
        self._meta = catalog.load_current(self.root, toc.segments)
        if self._meta is not None:
            self._generation = toc.generation

    def _thread_docs(self, with_searcher: bool = False) -> dict[str, Entry]:
        """Every thread's catalog entry; with_searcher: of the searcher's generation (opened first),
        for a read that also asks the searcher (a thread's posts beside its summary)."""
        if with_searcher:
            self.searcher  # noqa: B018  (opening it drops summaries read for an older generation)
        self._current_catalog()
        if self._meta is None:
            self._meta = catalog.load(self.root, self.searcher)
        return self._meta

    def has_threads(self) -> bool:
        """Whether any thread is indexed, without loading their summaries (a search opens the
        searcher anyway; the app lists a small library first, and then asks)."""
        if self._meta is not None:
            return bool(self._meta)
        return next(iter(self.searcher.document_numbers(kind="thread")), None) is not None

    def summaries(self) -> dict[str, ThreadSummary]:
        if self._summaries is None:  # one generation's threads never change: build the dict once
            self._summaries = {thread_id: entry[0] for thread_id, entry in self._thread_docs().items()}
        return self._summaries

    def summary(self, thread_id: str) -> ThreadSummary | None:
        if self._meta is None:
            # Not loaded (a one-shot command's search shows 20 threads): the thread's own document,
            # not the whole catalog (50 ms at 100k posts).
            fields = self._thread_fields(thread_id)
            return meta_from_json(fields["meta"])[0] if fields else None
        entry = self._meta.get(thread_id)
        return entry[0] if entry else None

    def manifest(self) -> dict[str, tuple[str, str]]:
        """source path -> (thread id, content hash) of every indexed file (each page of a merged thread)."""
        found = {}
        for thread_id, (summary, digest, _, pages) in self._thread_docs().items():
            found[summary.source] = (thread_id, digest)
            found.update((source, (thread_id, page_digest)) for source, page_digest in pages)
        return found

    def posts_of(self, thread_id: str) -> list[Post]:
        query = _posts_query("thread", thread_id)
        docs = self.searcher.search(query, limit=None, sortedby="post")
        return [post_from_json(hit["data"]) for hit in docs]

    def thread(self, thread_id: str) -> Thread:
        entry = self._thread_docs(with_searcher=True).get(thread_id)
        if entry is None:
            raise KeyError(thread_id)
        summary, _, notes, _ = entry
        return Thread(
            id=summary.id, title=summary.title, source=summary.source, dialect=summary.dialect,
            posts=tuple(self.posts_of(thread_id)), forum=summary.forum, notes=notes, url=summary.url,
            chrome=self._chrome(thread_id),
        )

    def _chrome(self, thread_id: str) -> tuple[str, ...]:
        """The page lines kept aside for a thread: only a thread being opened needs them, so not in the catalog."""
        fields = self._thread_fields(thread_id)
        return chrome_from_json(fields["meta"]) if fields else ()

    def _thread_fields(self, thread_id: str) -> dict | None:
        """The stored fields of a thread's own document. Not documents(kind=, thread=): whoosh walks
        every thread document to intersect the two terms (9 ms at 100k posts); the thread's own
        document comes first among its documents, so this usually reads one. Segment by segment,
        each asked once: the whole index's reader looks the thread up in every segment twice."""
        from whoosh.reading import TermNotFound

        for leaf, _ in self.searcher.reader().leaf_readers():
            try:
                docnums = leaf.postings("thread", thread_id).all_ids()  # live documents only
            except TermNotFound:
                continue
            for docnum in docnums:
                fields = leaf.stored_fields(docnum)
                if "meta" in fields:
                    return fields
        return None

    def resolve(self, name: str) -> ThreadSummary:
        """A thread by id, id prefix, or title prefix (case-insensitive); one-line LookupError if none or many."""
        wanted = name.strip()
        summaries = self.summaries()
        if not summaries:
            raise LookupError("the library is empty; import transcripts with: threadreader import PATH")
        if wanted in summaries:
            return summaries[wanted]
        candidates: list[ThreadSummary] = []
        if len(wanted) >= MIN_ID_PREFIX:
            candidates = [s for s in summaries.values() if s.id.startswith(wanted.lower())]
        if not candidates and wanted:
            folded = wanted.casefold()
            exact = [s for s in summaries.values() if s.title.casefold() == folded]
            candidates = exact or [s for s in summaries.values() if s.title.casefold().startswith(folded)]
            if not candidates:  # then anywhere in the title, if that names just one thread
                candidates = [s for s in summaries.values() if folded in s.title.casefold()]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise LookupError(f"no thread has the id or a title like {wanted!r}")
        shown = ", ".join(f"{s.id[:8]} {s.title[:40]!r}" for s in candidates[:3])
        more = f" and {len(candidates) - 3} more" if len(candidates) > 3 else ""
        raise LookupError(f"{wanted!r} names {len(candidates)} threads ({shown}{more}); give more of the id")

    def posts_by_author(self, author_key: str) -> list[tuple[ThreadSummary, Post]]:
        query = _posts_query("author_key", author_key)
        self._thread_docs(with_searcher=True)  # every thread's summary at once, not one query per post
        found = []
        for hit in self.searcher.search(query, limit=None):
            summary = self.summary(hit["thread"])
            if summary is not None:
                found.append((summary, post_from_json(hit["data"])))
        found.sort(key=lambda pair: (pair[0].title.casefold(), pair[0].id, pair[1].index))
        return found

    def vocabulary(self) -> list[str]:
        """Every distinct word authors wrote (and some since deleted: see word_frequency), for did-you-mean."""
        if self._vocabulary is None:
            words: set[str] = set()
            for fields in self.searcher.documents(kind="words"):
                words.update(fields.get("vocab", "").split())
            self._vocabulary = sorted(words)
        return self._vocabulary

    def word_frequency(self, word: str) -> int:
        """How many posts use a word, in any form, in their own words or titles; 0 once all are deleted."""
        reader = self.searcher.reader()
        stems = [token.text for token in _words_analyzer()(word)]
        if len(stems) != 1:
            return 0
        return reader.doc_frequency("own", stems[0]) + reader.doc_frequency("title", stems[0])

    def stats(self) -> dict:
        reader = self.searcher.reader()  # first: the summaries then are of its generation
        summaries = self.summaries()
        dialects = Counter(s.dialect for s in summaries.values())
        return {
            "threads": len(summaries),
            "posts": sum(s.post_count for s in summaries.values()),
            "authors": sum(1 for _ in reader.lexicon("author_key")),
            "words": len(self.vocabulary()),
            "dialects": dict(sorted(dialects.items())),
            "segments": len(reader.leaf_readers()),
            "last_import": max((s.imported for s in summaries.values()), default=None),
        }
