"""Known-item search: three words remembered from one post (one of them mistyped or not): is that
post first, or among the first five? Ours beside FTS5 bm25 on the same posts and queries.

Also on the queries whose three words single the post out (at most five posts hold all three): on
text whose words are drawn independently (the debate-shaped corpus), three common words can be
shared by dozens of posts, and no ranking can tell which one the reader meant."""

from __future__ import annotations

import random
import re

from whoosh.analysis import STOP_WORDS

from tests.bench import fts
from tests.bench.vocab import FUNCTION_WORDS

# Whole words only: "orangehase" remembered from "Orangehase07" is a word no index holds (ours or FTS5's).
WORD = re.compile(r"(?<!\w)[^\W\d_]{3,}(?!\w)")
STOP = set(STOP_WORDS) | set(FUNCTION_WORDS)
WORDS_PER_QUERY = 3


def content_words(text: str) -> list[str]:
    """The post's distinct words a reader could remember it by: no stop words, three letters or more."""
    return list(dict.fromkeys(w for w in WORD.findall(text.lower()) if w not in STOP))


def swap_letters(rng: random.Random, word: str, known) -> str | None:
    """The word with two neighbouring letters swapped, when that makes a word no post holds."""
    places = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    rng.shuffle(places)
    for i in places:
        typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if typo not in known:
            return typo
    return None


def make_queries(db, known, count: int, seed: int) -> list[dict]:
    """`count` posts picked at random (those with three content words of their own), each with its
    query and the same query with one word of four letters or more mistyped."""
    rng = random.Random(f"known-item:{seed}")
    rowids = [r[0] for r in db.execute("SELECT rowid FROM posts")]
    rng.shuffle(rowids)
    out = []
    for rowid in rowids:
        if len(out) >= count:
            break
        thread_id, post_index, own = db.execute("SELECT thread_id, post_index, own FROM posts WHERE rowid = ?",
                                                (rowid,)).fetchone()
        words = content_words(own)
        if len(words) < WORDS_PER_QUERY:
            continue
        picked = sorted(rng.sample(range(len(words)), WORDS_PER_QUERY))
        chosen = [words[i] for i in picked]
        long = [i for i, w in enumerate(chosen) if len(w) >= 4]
        typo = None
        if long:
            at = rng.choice(long)
            wrong = swap_letters(rng, chosen[at], known)
            if wrong:
                typo = " ".join(chosen[:at] + [wrong] + chosen[at + 1 :])
        out.append({"target": (thread_id, post_index), "plain": " ".join(chosen), "typo": typo})
    return out


def ours_ranked(library, text: str, limit: int = 5) -> tuple[list, str | None]:
    """The first posts ours lists (flat; a matching title takes a place too), and the correction it
    showed instead when nothing matched."""
    page = library.search(text, flat=True, pagelen=limit)
    ranked = [(h.thread_id, h.post_index if h.author is not None else None) for g in page.results for h in g.hits]
    return ranked, page.showing


SINGLED_OUT = 5  # posts holding all three words, at most: any of them could be the one remembered


def _match(text: str) -> str:
    return f"{fts.TEXT} : (" + " ".join('"' + w + '"' for w in text.split()) + ")"


def fts5_ranked(db, text: str, limit: int = 5) -> list:
    return [tuple(r) for r in fts.top_posts(db, _match(text), limit)]


def holding_all(db, text: str) -> int:
    """How many posts hold every word of the query (FTS5, the same stemming as ours)."""
    return db.execute("SELECT count(*) FROM posts WHERE posts MATCH ?", (_match(text),)).fetchone()[0]


def score(library, db, queries: list[dict]) -> dict:
    """success@1 and @5 for both engines and both kinds of query, and the first few misses of ours."""
    tally = {f"{engine}.{kind}.{at}": 0 for engine in ("ours", "fts5") for kind in ("plain", "typo")
             for at in ("at1", "at5", "at5_singled")}
    counted = {"plain": 0, "typo": 0}
    singled = {"plain": 0, "typo": 0}
    misses = []
    for item in queries:
        target = tuple(item["target"])
        single = holding_all(db, item["plain"]) <= SINGLED_OUT
        for kind in ("plain", "typo"):
            text = item[kind]
            if not text:
                continue
            counted[kind] += 1
            singled[kind] += single
            mine, showing = ours_ranked(library, text)
            for engine, ranked in (("ours", mine), ("fts5", fts5_ranked(db, text))):
                tally[f"{engine}.{kind}.at1"] += ranked[:1] == [target]
                tally[f"{engine}.{kind}.at5"] += target in ranked[:5]
                tally[f"{engine}.{kind}.at5_singled"] += single and target in ranked[:5]
            if target not in mine[:5] and len(misses) < 6:
                misses.append({"query": text, "kind": kind, "target": list(target), "showing": showing,
                               "first": [list(r) for r in mine[:3]]})
    out = {}
    for key, value in tally.items():
        kind = key.split(".")[1]
        among = singled[kind] if key.endswith("_singled") else counted[kind]
        out[key] = value / among if among else float("nan")
    out["singled_out"] = singled["plain"] / counted["plain"] if counted["plain"] else float("nan")
    return {"figures": out, "queries": counted, "singled_out": singled, "misses": misses, "examples": queries[:3]}


def run(library, db, count: int, seed: int, prefix: str = "known") -> dict:
    known = set(library.stored.vocabulary())
    queries = make_queries(db, known, count, seed)
    result = score(library, db, queries)
    figures = {f"{prefix}.{key}": value for key, value in result["figures"].items()}
    figures[f"{prefix}.detail"] = {"queries": result["queries"], "singled_out": result["singled_out"],
                                   "misses": result["misses"],
                                   "examples": result["examples"]}
    return figures


def forum_pages(scratch, count: int, seed: int) -> dict:
    """The same on the saved pages of real forums in ../shared/forum-pages (their .txt and .html),
    each one that parses into posts: read in place, imported into a scratch library and FTS5."""
    from pathlib import Path

    from index.errors import TranscriptError
    from index.library.store import Library
    from index.threads.read import read_thread

    from tests.bench.fts_import import _parsed
    from tests.bench.process import ROOT

    pages = ROOT.parent / "shared" / "forum-pages"
    if not pages.is_dir():
        raise RuntimeError(f"{pages} is not here: no real pages to measure on")
    scratch = Path(scratch)
    kept = []
    for path in sorted(pages.glob("*.txt")) + sorted(pages.glob("*.html")):
        # A folder per form: in one folder the library reads a page's text copy and its saved page as
        # one thread, and FTS5 holds both, so the remembered post's thread would differ.
        here = scratch / "pages" / path.suffix.lstrip(".") / path.name
        here.parent.mkdir(parents=True, exist_ok=True)
        if not here.is_symlink():
            here.symlink_to(path)
        try:
            if read_thread(here).post_count >= 2:
                kept.append(here)
        except TranscriptError:
            continue
    db = fts.create(scratch / "pages-fts5.db")
    posts, titles = _parsed([str(p) for p in kept])
    with db:
        fts.insert(db, posts, titles)
    library = Library.open(scratch / "pages-library")
    try:
        library.import_paths(kept)
        library.refresh()
        figures = run(library, db, count, seed, prefix="known_pages")
    finally:
        library.close()
        db.close()
    figures["known_pages.detail"].update(files=len(kept), posts=len(posts))
    return figures
