"""Running a search: the query over the library, matches counted and grouped by thread, a Page out."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

import numpy as np
from whoosh import query as Q

from index.library import doc_map
from index.library.doc_map import DocMap
from index.library.serialize import post_from_json
from index.model import Hit, Page, ThreadHits
from index.search.docsets import scored
from index.search.postings import Lookups
from index.search.query import (
    MAX_QUERY_CHARS,
    TOO_WIDE,
    TooWide,
    expand,
    library_schema,
    matched_terms,
    parse,
)
from index.search.snippets import flatten, matches, snippet
from index.search.suggest import Speller, has_unused_word

HITS_PER_THREAD = 3  # snippets per thread in a library-wide search
FEW_HITS = 3  # at most this many matching posts: offer did-you-mean
SORTS = ("relevance", "date", "post")


def _speller(catalog) -> Speller:
    if "speller" not in catalog.cache:
        from index.search.cooccur import SharedDocuments  # did-you-mean only: most searches never suggest

        catalog.cache["speller"] = Speller(catalog.vocabulary(), catalog.word_frequency,
                                           SharedDocuments(catalog.searcher))
    return catalog.cache["speller"]


def _doc_map(catalog) -> DocMap:
    """Every document's thread and kind, from the segments' small files, once per searcher generation."""
    if "doc_map" not in catalog.cache:
        catalog.cache["doc_map"] = doc_map.load(catalog.root, catalog.searcher)
    return catalog.cache["doc_map"]


def _thread_of(catalog, docnum: int) -> str:
    """The thread id of a document."""
    found = _doc_map(catalog)
    return found.names[found.threads[docnum]]


def _kind_docs(catalog, kind: str) -> set[int]:
    """Document numbers of one kind ("thread", "words"), built once per searcher generation."""
    key = f"docs:{kind}"
    if key not in catalog.cache:
        # A set (whoosh takes no frozenset as a mask); nothing changes it.
        catalog.cache[key] = set(np.flatnonzero(_doc_map(catalog).kinds == doc_map.KINDS[kind]).tolist())
    return catalog.cache[key]


def _columns(catalog) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """(thread number of every document, thread ids by number, title-document mask, vocabulary-document
    mask), built once per searcher generation: matches are counted per thread with array operations."""
    if "columns" not in catalog.cache:
        found = _doc_map(catalog)
        catalog.cache["columns"] = (found.threads, found.names, found.kinds == doc_map.THREAD,
                                    found.kinds == doc_map.WORDS)
    return catalog.cache["columns"]


def _matching(catalog, docs: np.ndarray) -> tuple[Counter, dict[str, int]]:
    """(matching posts per thread id, the title document of each thread whose title matched), over
    every match, not only the top."""
    codes, names, titles, vocabulary = _columns(catalog)
    posts = docs[~titles[docs] & ~vocabulary[docs]]
    per_thread = np.bincount(codes[posts])
    found = np.flatnonzero(per_thread)
    counts: Counter = Counter()
    for code, count in zip(found.tolist(), per_thread[found].tolist()):
        counts[names[code]] += count  # a thread spanning segments has a number in each
    return counts, {names[codes[docnum]]: int(docnum) for docnum in docs[titles[docs]]}


def _sorted_by(sort: str):
    from whoosh import sorting  # sorting by a column only: nothing else a relevance search loads imports it

    if sort == "date":
        return [sorting.FieldFacet("date", reverse=True), sorting.FieldFacet("thread"),
                sorting.FieldFacet("post")]
    if sort == "post":
        return [sorting.FieldFacet("thread"), sorting.FieldFacet("post")]
    return None


def run_search(catalog, text: str, *, page: int = 1, pagelen: int = 20, sort: str = "relevance",
               thread_id: str | None = None, flat: bool = False, max_hits: int | None = None) -> Page:
    """Search posts; group them by thread (flat: one group per post, best first); return the
    requested page (max_hits: only the groups holding its first max_hits hits, and only those
    hits: a command printing 20 lines reads and cuts no snippet beyond them). A query with a
    likely misspelling shows the corrected query's results and says so when the query as typed
    matched nothing, or matched fewer posts (only where a quote or signature holds the misspelt
    word, since no post wrote it). Never raises for user text."""
    started = time.perf_counter()
    text = text if isinstance(text, str) else ""
    page, pagelen = max(1, int(page)), max(1, int(pagelen))
    sort = sort if sort in SORTS else "relevance"
    options = dict(page=page, pagelen=pagelen, sort=sort, thread_id=thread_id, flat=flat, max_hits=max_hits)
    found = _search(catalog, text, **options)
    if found.suggestion:
        corrected = _search(catalog, found.suggestion, **options)
        nothing = found.total_posts + found.total_threads == 0
        if corrected.total_threads and (nothing or corrected.total_posts >= found.total_posts):
            notice = (f"showing results for “{found.suggestion}”: nothing matched “{text}”" if nothing else
                      f"showing results for “{found.suggestion}”; {found.total_posts} matched “{text}” as typed")
            found = replace(corrected, query=text, showing=found.suggestion, suggestion=found.suggestion, notice=notice)
    return replace(found, elapsed=time.perf_counter() - started)


def _search(catalog, text: str, *, page: int, pagelen: int, sort: str, thread_id: str | None, flat: bool,
            max_hits: int | None) -> Page:
    empty = Page(query=text, results=(), total_threads=0, total_posts=0, page=page, pagelen=pagelen)
    if not text.strip():
        return empty
    parsed, notice = parse(text)
    if parsed is None:
        return replace(empty, notice=notice)
    searcher = catalog.searcher
    lookups = Lookups(searcher)  # each word looked up once per segment, for the whole query
    try:
        parsed, narrowed = expand(parsed, searcher.reader(), catalog.cache, lookups)
    except TooWide:
        return replace(empty, notice=TOO_WIDE)
    except Exception as error:  # never raise into the UI for what the user typed
        return replace(empty, notice=f"could not run that query ({type(error).__name__})")
    notice = "; ".join(filter(None, (notice, *narrowed))) or None
    # Not And(kind:post): intersecting with every post costs a walk over the whole library.
    combined = Q.And([parsed, Q.Term("thread", thread_id)]) if thread_id else parsed
    try:
        docs, scores = scored(searcher, combined, catalog.cache, lookups)
        counts, titled = _matching(catalog, docs)
        total = sum(counts.values()) + len(titled)
        groups = _top_groups(catalog, combined, (docs, scores), total, page, pagelen, sort,
                             limit_all=bool(thread_id), flat=flat, titled=titled)
    except Exception as error:  # e.g. a pathological wildcard; report it, never raise into the UI
        return replace(empty, notice=f"could not run that query ({type(error).__name__})")
    terms = matched_terms(combined, searcher.reader(), lookups.anywhere)
    results = []
    left = max_hits
    for group_thread, docs in groups:
        if left is not None and left <= 0:
            break
        summary = catalog.summary(group_thread)
        if summary is None:
            continue
        shown = docs[: None if thread_id or flat else HITS_PER_THREAD]
        if left is not None:
            shown, left = shown[:left], left - len(shown[:left])
        hits = tuple(_hit(catalog, group_thread, summary.title, docnum, score, terms) for docnum, score in shown)
        results.append(ThreadHits(thread=summary, hits=hits, score=docs[0][1], matched=counts[group_thread]))
    total_posts = sum(counts.values())
    suggestion = None
    # Each misspelt word costs a vocabulary scan: only for few hits, or a word no post uses.
    if len(text) <= MAX_QUERY_CHARS and (total_posts <= FEW_HITS or has_unused_word(text, catalog.word_frequency)):
        suggestion = _speller(catalog).suggest(text, found_nothing=total_posts + len(titled) == 0)
    matched = tuple(sorted({word for words in terms.values() for word in words}))
    return Page(query=text, results=tuple(results), total_threads=len(set(counts) | set(titled)),
                total_posts=total_posts, page=page, pagelen=pagelen, suggestion=suggestion, notice=notice,
                matched_terms=matched)


def _hit(catalog, thread: str, title: str, docnum: int, score: float, terms: dict) -> Hit:
    """One matching post, with its snippet; a matching thread title is a hit on the opening post."""
    analyzer = library_schema()["own"].analyzer
    if _columns(catalog)[2][docnum]:  # the thread's own document: its title matched
        flat = flatten(title)
        return Hit(thread_id=thread, post_index=0, score=score, snippet=flat,
                   highlights=tuple(matches(analyzer, flat, terms.get("title", frozenset()))), in_title=True)
    post = post_from_json(catalog.searcher.stored_fields(docnum)["data"])
    snip, spans, _ = snippet(analyzer, [(post.own_text, terms.get("own", frozenset())),
                                        (post.quoted_text, terms.get("quoted", frozenset())),
                                        (post.signature or "", terms.get("sig", frozenset()))])
    return Hit(thread_id=thread, post_index=post.index, score=score, snippet=snip,
               highlights=spans, author=post.author.label, number=post.number)


def _best(matches, limit: int, keep: np.ndarray) -> list[tuple[int, float]]:
    """The `limit` best matches among those `keep` marks, as Whoosh orders them: score down, then
    document number up."""
    docs, scores = matches[0][keep], matches[1][keep]
    if limit < len(docs):
        # Every score at or above the limit-th best (ties included), then sorted exactly.
        cut = np.partition(-scores, limit - 1)[limit - 1]
        near = -scores <= cut
        docs, scores = docs[near], scores[near]
    order = np.lexsort((docs, -scores))[:limit]
    return [(int(d), float(s)) for d, s in zip(docs[order], scores[order])]


def _top_groups(catalog, query, matches, total, page, pagelen, sort, *, limit_all: bool, flat: bool,
                titled: dict[str, int]):
    """[(thread id, [(docnum, score), …] best first)] for the threads (flat: posts) of the requested page.

    By relevance, threads whose title matched come first: a title names what the whole thread is about.
    """
    wanted = page * pagelen
    limit = total if limit_all or flat else min(total, max(wanted * 10, 200))
    if flat:
        limit = min(total, wanted)
    _, _, titles, vocabulary = _columns(catalog)
    first: dict[str, list[tuple[int, float]]] = {}
    if titled and sort == "relevance" and not flat:
        for docnum, score in _best(matches, wanted, titles[matches[0]]):
            first[_thread_of(catalog, docnum)] = [(docnum, score or 0.0)]
    while True:
        if sort == "relevance":
            results = _best(matches, max(limit, 1), ~vocabulary[matches[0]])
        else:
            results = catalog.searcher.search(query, limit=max(limit, 1), sortedby=_sorted_by(sort),
                                              mask=_kind_docs(catalog, "words")).items()
        if flat:
            order = [(_thread_of(catalog, docnum), [(docnum, score or 0.0)]) for docnum, score in results]
            return order[(page - 1) * pagelen: wanted]
        groups = {thread: list(docs) for thread, docs in first.items()}
        for docnum, score in results:
            thread = _thread_of(catalog, docnum)
            if titles[docnum] and thread in groups:
                continue
            groups.setdefault(thread, []).append((docnum, score or 0.0))
        if len(groups) >= wanted or limit >= total:
            break
        limit = min(total, limit * 4)
    return list(groups.items())[(page - 1) * pagelen: wanted]
