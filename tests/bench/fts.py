"""The baseline: SQLite FTS5 over the same posts, searching the same fields ours does, for each query type."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Ours searches a post's own words, its quotes and its signature, and a thread's title on the
# thread's one document; `author:` is a field of its own; a phrase also runs across the seams where
# a post goes from quoted words to its own (the words around each, index/library/documents.seams).
# FTS5 gets the same split.
SCHEMA = ("CREATE VIRTUAL TABLE posts USING fts5(thread_id UNINDEXED, post_index UNINDEXED, "
          "author, own, quoted, sig, seams, tokenize='porter unicode61')",
          "CREATE VIRTUAL TABLE titles USING fts5(thread_id UNINDEXED, title, tokenize='porter unicode61')",
          "CREATE VIRTUAL TABLE vocab USING fts5vocab(posts, col)")
TEXT = "{own quoted sig seams}"
# bm25 weights in column order (author, own, quoted, sig, seams): ours' field boosts (index/search/query.py).
RANK = "bm25(posts, 0.0, 2.0, 1.0, 0.5, 0.0)"


def create(path: Path) -> sqlite3.Connection:
    Path(path).unlink(missing_ok=True)
    db = sqlite3.connect(path)
    for statement in SCHEMA:
        db.execute(statement)
    return db


def rows_of(thread) -> tuple[list[tuple], tuple]:
    """(one row per post, the thread's title row): the words a reader searches for, as ours indexes them."""
    from index.library.documents import seams

    posts = [(thread.id, p.index, " ".join(dict.fromkeys(filter(None, (p.author.name, p.author.label)))),
              p.own_text, p.quoted_text, p.signature or "", seams(p)) for p in thread.posts]
    return posts, (thread.id, thread.title)


def insert(db: sqlite3.Connection, posts: list[tuple], titles: list[tuple]) -> None:
    db.executemany("INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?, ?)", posts)
    db.executemany("INSERT INTO titles VALUES (?, ?)", titles)


def _terms(db: sqlite3.Connection) -> dict[str, int]:
    """Indexed words of the text columns -> posts holding them (FTS5 has no spelling help: built here)."""
    cached = _TERMS.get(id(db))
    if cached is None:
        cached = {}
        for term, doc in db.execute("SELECT term, doc FROM vocab WHERE col IN ('own', 'quoted', 'sig')"):
            cached[term] = cached.get(term, 0) + doc
        _TERMS[id(db)] = cached
    return cached


_TERMS: dict[int, dict[str, int]] = {}


def forget(db: sqlite3.Connection) -> None:
    _TERMS.pop(id(db), None)


def nearest(db: sqlite3.Connection, word: str) -> str | None:
    """The index term one or two edits from the word, nearest then most frequent."""
    terms = _terms(db)
    found = process.extract(word.lower(), list(terms), scorer=Levenshtein.distance, score_cutoff=2, limit=50)
    found.sort(key=lambda m: (m[1], -terms[m[0]]))
    return found[0][0] if found else None


def fuzzy_terms(db: sqlite3.Connection, word: str) -> list[str]:
    """Every index term within one edit (no first-letter rule: FTS5 would have to evaluate them all)."""
    return [m[0] for m in process.extract(word.lower(), list(_terms(db)), scorer=Levenshtein.distance,
                                          score_cutoff=1, limit=None)]


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(kind: str, query: str, db: sqlite3.Connection) -> tuple[str | None, str | None]:
    """(MATCH text over the posts, MATCH text over the titles) for one of our queries; None matches nothing."""
    if kind == "field":
        field, _, value = query.partition(":")
        return f'{field} : {_quoted(value.strip(chr(34)))}', None
    if kind == "fuzzy":
        variants = fuzzy_terms(db, query.rstrip("~"))
        inner = " OR ".join(map(_quoted, variants))
    elif kind == "didyoumean":
        suggestion = nearest(db, query)
        inner = _quoted(suggestion) if suggestion else ""
    elif kind == "boolean":
        inner = query.replace(") ", ") AND ")
    else:
        inner = query
    if not inner:
        return None, None
    return f"{TEXT} : ({inner})", f"title : ({inner})"


def matches(db: sqlite3.Connection, kind: str, query: str) -> tuple[set[tuple[str, int]], set[str]]:
    """Every matching (thread id, post index), and the threads whose title matched."""
    posts_match, titles_match = match_expression(kind, query, db)
    posts = set(db.execute("SELECT thread_id, post_index FROM posts WHERE posts MATCH ?", (posts_match,))) \
        if posts_match else set()
    titled = {row[0] for row in db.execute("SELECT thread_id FROM titles WHERE titles MATCH ?", (titles_match,))} \
        if titles_match else set()
    return posts, titled


def top_posts(db: sqlite3.Connection, match: str, limit: int) -> list[tuple[str, int]]:
    return db.execute(f"SELECT thread_id, post_index FROM posts WHERE posts MATCH ? ORDER BY {RANK} LIMIT ?",
                      (match, limit)).fetchall()


def search(db: sqlite3.Connection, kind: str, query: str, limit: int = 20) -> tuple[int, list[tuple]]:
    """The totals and the best `limit` posts with snippets: what one page of our results shows."""
    posts_match, titles_match = match_expression(kind, query, db)
    if posts_match is None:
        return 0, []
    total = db.execute("SELECT count(*) FROM posts WHERE posts MATCH ?", (posts_match,)).fetchone()[0]
    rows = db.execute(
        f"SELECT thread_id, post_index, snippet(posts, -1, '[', ']', '…', 16) FROM posts "
        f"WHERE posts MATCH ? ORDER BY {RANK} LIMIT ?", (posts_match, limit)).fetchall()
    if titles_match:
        total += db.execute("SELECT count(*) FROM titles WHERE titles MATCH ?", (titles_match,)).fetchone()[0]
    return total, rows
