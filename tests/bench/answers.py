"""Are the answers the same? Ours' full match sets and first posts beside FTS5's, per query type."""

from __future__ import annotations

from whoosh import query as Q

from tests.bench import fts

EXACT = ("term", "phrase", "boolean", "field")  # the same words must find the same posts
RECALLED = ("wildcard", "fuzzy")  # ours may narrow these: how much of FTS5's answer ours finds
TOP = 10


def _columns(library) -> tuple[list, object, set[int]]:
    stored = library.stored
    if "bench:columns" not in stored.cache:
        searcher = stored.searcher
        reader = searcher.reader()
        stored.cache["bench:columns"] = (list(reader.column_reader("thread")), reader.column_reader("post"),
                                         set(searcher.docs_for_query(Q.Term("kind", "thread"))))
    return stored.cache["bench:columns"]


def ours(library, text: str) -> tuple[set[tuple[str, int]], set[str]]:
    """Every post ours matches (not only the page shown), and the threads whose title matched;
    parsed and expanded as run.py does, without the correction it shows when nothing matched."""
    from index.search.docsets import scored
    from index.search.query import TooWide, expand, parse

    parsed, _ = parse(text)
    if parsed is None:
        return set(), set()
    searcher = library.stored.searcher
    try:
        parsed, _ = expand(parsed, searcher.reader())
    except TooWide:
        return set(), set()
    thread_of, post_of, thread_docs = _columns(library)
    posts, titled = set(), set()
    # The match set the search itself computes (Whoosh's own matcher over several segments lets
    # through posts a NOT excludes: `port NOT upper` kept a post holding both).
    docs, _ = scored(searcher, parsed, library.stored.cache)
    for docnum in docs.tolist():
        if docnum in thread_docs:
            titled.add(thread_of[docnum])
        elif thread_of[docnum]:  # the vocabulary's documents belong to no thread
            posts.add((thread_of[docnum], post_of[docnum]))
    return posts, titled


def first_posts(library, text: str, limit: int = TOP) -> list[tuple[str, int]]:
    """The posts ours lists first (flat, by relevance; a title hit is no post)."""
    page = library.search(text, flat=True, pagelen=limit)
    return [(h.thread_id, h.post_index) for group in page.results for h in group.hits if h.author is not None]


def compare(library, db, kind: str, queries: list[str]) -> dict:
    """For EXACT kinds: the share of queries whose match sets are equal, the share of all matched
    posts only one engine matched, and how much the first posts agree; for RECALLED kinds: the
    share of FTS5's matches ours finds too."""
    same, overlap, found, wanted, differ, apart, either = 0, [], 0, 0, [], 0, 0
    for text in queries:
        mine, my_titles = ours(library, text)
        theirs, their_titles = fts.matches(db, kind, text)
        if kind in RECALLED:
            found += len(mine & theirs) + len(my_titles & their_titles)
            wanted += len(theirs) + len(their_titles)
            continue
        equal = mine == theirs and my_titles == their_titles
        apart += len(mine ^ theirs) + len(my_titles ^ their_titles)
        either += len(mine | theirs) + len(my_titles | their_titles)
        same += equal
        if not equal and len(differ) < 3:
            differ.append({"query": text, "ours": len(mine) + len(my_titles), "fts5": len(theirs) + len(their_titles),
                           "only_ours": sorted(map(str, mine - theirs))[:2],
                           "only_fts5": sorted(map(str, theirs - mine))[:2]})
        posts_match, _ = fts.match_expression(kind, text, db)
        top = fts.top_posts(db, posts_match, TOP) if posts_match else []
        if top:
            overlap.append(len(set(first_posts(library, text)) & set(map(tuple, top))) / len(top))
    if kind in RECALLED:
        return {f"answers.{kind}.recall": found / wanted if wanted else 1.0}
    return {f"answers.{kind}.same_matches": same / len(queries) if queries else 1.0,
            f"answers.{kind}.apart": apart / either if either else 0.0,
            f"answers.{kind}.top_overlap": sum(overlap) / len(overlap) if overlap else 1.0,
            f"answers.{kind}.differences": differ}


def run(library, db, queries: dict[str, list[str]]) -> dict:
    out: dict = {}
    for kind in EXACT + RECALLED:
        if queries.get(kind):
            out.update(compare(library, db, kind, queries[kind]))
    return out
