"""Query latency per query type: threadreader's search beside FTS5 and a plain scan of the files."""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from pathlib import Path

from tests.bench import fts, scan
from tests.bench.report import QUERY_TYPES
from tests.bench.vocab import FUNCTION_WORDS, Vocabulary

WORD = re.compile(r"[a-z]+")
STOP = set(FUNCTION_WORDS)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def misspell(rng: random.Random, word: str, vocab: Vocabulary) -> str:
    """The word with one inner letter changed, never another word of the vocabulary."""
    for _ in range(50):
        i = rng.randrange(1, len(word) - 1)
        letter = rng.choice("abcdefghiklmnoprstuvwy")
        candidate = word[:i] + letter + word[i + 1 :]
        if candidate != word and not vocab.contains(candidate):
            return candidate
    return word + "q"


class CountedVocabulary:
    """A real corpus's words in the order of how often they occur, shaped like Vocabulary."""

    def __init__(self, counts: Counter) -> None:
        self.words = [w for w, _ in counts.most_common()]
        self.rank = {w: i for i, w in enumerate(self.words)}

    def contains(self, word: str) -> bool:
        return word in self.rank


def transcript_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm"))


def real_names(db) -> list[str]:
    """Authors' names of one word (a field query of two words would be two queries)."""
    names = {row[0] for row in db.execute("SELECT DISTINCT author FROM posts")}
    return sorted(n for n in names if n and WORD.fullmatch(n.lower()))


def build_queries(files_dir: Path, names: list[str], vocab, seed: int, per_type: int = 20) -> dict[str, list[str]]:
    """Queries of every type made from words and names that really occur in the corpus; vocab is
    the generator's Vocabulary, or None for a real corpus (ranked by its own counts)."""
    rng = random.Random(f"queries:{seed}")
    files = transcript_files(files_dir)
    sample = rng.sample(files, min(len(files), 300))
    counts: Counter = Counter()
    phrases: list[str] = []
    for path in sample:
        lines = [line for line in path.read_text("utf-8", errors="replace").splitlines() if len(line) > 80]
        for line in lines:
            counts.update(WORD.findall(line.lower()))
        if lines:
            words = [w for w in rng.choice(lines).lower().split() if w.isalpha()]
            runs = [words[i : i + 2] for i in range(len(words) - 1) if not STOP & set(words[i : i + 2])]
            if runs:
                phrases.append('"' + " ".join(rng.choice(runs)) + '"')
    vocab = vocab or CountedVocabulary(counts)
    seen = [w for w in vocab.words if counts[w] and w not in STOP]

    def band(low: int, high: int, k: int) -> list[str]:
        pool = [w for w in seen if low <= vocab.rank[w] < high and len(w) >= 4] or seen
        return [rng.choice(pool) for _ in range(k)]

    mid = band(150, 3000, per_type * 4)
    terms = band(100, 400, per_type // 4) + band(400, 3000, per_type // 2) + band(3000, 30000, per_type // 4)
    booleans = []
    for i in range(per_type):
        a, b, c = mid[3 * i], mid[3 * i + 1], mid[3 * i + 2]
        booleans.append([f"{a} OR {b}", f"{a} NOT {b}", f"({a} OR {b}) {c}"][i % 3])
    fuzzy_words = [w for w in band(150, 5000, per_type * 2) if len(w) >= 5][:per_type] or mid[:per_type]
    return {
        "term": terms,
        "phrase": (phrases * per_type)[:per_type],
        "field": [f"author:{rng.choice(names)}" for _ in range(per_type)] if names else [],
        "boolean": booleans,
        "wildcard": [w[: max(3, len(w) - 3)] + "*" for w in mid[:per_type]],
        "fuzzy": [misspell(rng, w, vocab) + "~" for w in fuzzy_words],
        "didyoumean": [misspell(rng, w, vocab) for w in fuzzy_words],
        "didyoumean_expected": fuzzy_words,
    }


def _time(fn, items: list[str], passes: int) -> tuple[list[float], list]:
    for item in items:  # warm caches the same way for every engine
        fn(item)
    samples, answers = [], []
    for _ in range(passes):
        answers = []
        for item in items:
            started = time.perf_counter()
            answers.append(fn(item))
            samples.append((time.perf_counter() - started) * 1000)
    return samples, answers


def suggestion_correct(suggestion: str | None, expected: str) -> bool:
    """Stemmed indexes may suggest the stem: 'stalin' for 'stalins' counts."""
    if not suggestion:
        return False
    s = suggestion.lower().strip()
    return s == expected or (len(s) >= 4 and expected.startswith(s))


def run(library, db, files: Path, queries: dict[str, list[str]], passes: int = 3, scans: int = 3) -> dict:
    out: dict = {"query.detail": {}}
    for kind in QUERY_TYPES:
        items = queries[kind]
        if not items:
            continue
        ours, pages = _time(lambda q: library.search(q, pagelen=20), items, passes)
        theirs, _ = _time(lambda q: fts.search(db, kind, q), items, passes)
        scanned, _ = _time(lambda q: scan.search(files, kind, q), items[:scans], 1) if scans else ([], [])
        p50, p95, f95 = percentile(ours, 0.5), percentile(ours, 0.95), percentile(theirs, 0.95)
        out[f"query.{kind}.p50_ms"] = p50
        out[f"query.{kind}.p95_ms"] = p95
        out[f"fts5.{kind}.p95_ms"] = f95
        out[f"query.{kind}.ratio_fts5"] = p95 / f95 if f95 else float("nan")
        if scanned:
            s50 = percentile(scanned, 0.5)
            out[f"scan.{kind}.p50_ms"] = s50
            out[f"query.{kind}.speedup_scan"] = s50 / p50 if p50 else float("nan")
        out["query.detail"][kind] = {"queries": items[:5], "fts5_p50_ms": percentile(theirs, 0.5),
                                     "posts_found": [p.total_posts for p in pages[:5]],
                                     "notices": sorted({p.notice for p in pages if p.notice})[:3]}
        if kind == "didyoumean":
            right = sum(suggestion_correct(p.suggestion, e) for p, e in zip(pages, queries["didyoumean_expected"]))
            out["query.didyoumean.accuracy"] = right / len(pages)
            out["query.detail"][kind]["suggestions"] = [p.suggestion for p in pages[:5]]
    return out
