"""The figures the benchmark reports, their targets, the aligned text table and the JSON file."""

from __future__ import annotations

import json
import math
import os
import platform
from dataclasses import dataclass
from pathlib import Path

QUERY_TYPES = ("term", "phrase", "field", "boolean", "wildcard", "fuzzy", "didyoumean")
# Kinds and edits of quotes the generator writes (tests/bench/quote_kinds.py), each scored on its own.
QUOTE_KINDS = ("short", "trimmed", "ellipsis", "typo", "rewrapped", "requote", "chain", "mixed", "leftover", "runon")
SUBLINEAR = ("term", "field", "boolean")  # their p95 must grow slower than the corpus


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    target: tuple[str, float] | None = None  # (">=" or "<=", value)
    scaled: bool = True  # measured at every corpus size (else once per run)


def _figures() -> list[Figure]:
    f = [
        Figure("parse.posts_per_s", "parse + quote rebuild", "posts/s"),
        Figure("parse.precision", "quote attribution precision", "ratio", (">=", 0.98)),
        Figure("parse.recall", "quote attribution recall", "ratio", (">=", 0.95)),
        Figure("parse.detection_recall", "quotes found (any source)", "ratio"),
        Figure("parse.word_precision", "quoted words credited right: precision", "ratio", (">=", 0.995)),
        Figure("parse.word_recall", "quoted words credited right: recall", "ratio", (">=", 0.985)),
        Figure("parse.split_accuracy", "threads split into the right posts", "ratio"),
        Figure("quotes.thread_2000_s", "2,000-post thread, 500 quotes: parse", "s", ("<=", 2.0), False),
        Figure("quotes.huge_s", "huge transcript (50 MB in full): parse", "s", ("<=", 60), False),
        Figure("quotes.huge_peak_mb", "huge transcript: peak RSS", "MB", ("<=", 500), False),
        Figure("quotes.huge_posts_per_s", "huge transcript: parse", "posts/s", None, False),
        Figure("import.posts_per_s", "import (threadreader)", "posts/s", (">=", 1500)),
        Figure("fts5.import_posts_per_s", "import (SQLite FTS5, same parse)", "posts/s"),
        Figure("import.ratio_fts5", "import speed / FTS5's", "x"),
        Figure("import.peak_rss_mb", "import peak RSS", "MB", ("<=", 500)),
        Figure("import.index_mb", "index size on disk", "MB"),
        Figure("fts5.index_mb", "FTS5 database size", "MB"),
        Figure("open.cold_ms", "cold open (fresh process)", "ms", ("<=", 300)),
        Figure("open.cold_first_query_ms", "cold open + first query", "ms"),
    ]
    for kind in QUOTE_KINDS:
        f += [Figure(f"kinds.{kind}.precision", f"{kind} quotes: precision", "ratio", (">=", 0.98), False),
              Figure(f"kinds.{kind}.recall", f"{kind} quotes: recall", "ratio", (">=", 0.98), False)]
    limits = {"term": 50, "field": 50, "boolean": 50, "phrase": 150, "didyoumean": 100}
    for t in QUERY_TYPES:
        limit = limits.get(t)
        f += [
            Figure(f"query.{t}.p50_ms", f"{t} query p50", "ms"),
            Figure(f"query.{t}.p95_ms", f"{t} query p95", "ms", ("<=", limit) if limit else None),
            Figure(f"fts5.{t}.p95_ms", f"{t} FTS5 p95", "ms"),
            Figure(f"query.{t}.ratio_fts5", f"{t} p95 / FTS5 p95", "x"),
            Figure(f"scan.{t}.p50_ms", f"{t} plain scan of files p50", "ms"),
            Figure(f"query.{t}.speedup_scan", f"{t} scan p50 / p50", "x"),
        ]
    f += [
        Figure("query.didyoumean.accuracy", "did-you-mean finds the word", "ratio"),
        Figure("app.first_paint_ms", "app first paint, 10,000 threads", "ms", ("<=", 500), False),
        Figure("app.open_2000_ms", "app opens a 2,000-post thread", "ms", ("<=", 200), False),
        Figure("app.scroll_p95_ms", "app scroll keystroke-to-paint p95", "ms", ("<=", 50), False),
        Figure("app.scroll_p50_ms", "app scroll keystroke-to-paint p50", "ms", None, False),
        Figure("app.tree_build_ms", "reply tree of the 2,000-post thread, built", "ms", ("<=", 100), False),
        Figure("app.tree_toggle_ms", "app tree view key-to-paint, 2,000 posts", "ms", ("<=", 100), False),
        Figure("app.tree_scroll_p95_ms", "app scroll in tree view p95", "ms", ("<=", 50), False),
        Figure("app.search_p50_ms", "app search-as-you-type p50", "ms", None, False),
        Figure("app.search_p95_ms", "app search-as-you-type p95", "ms", None, False),
        Figure("app.peak_rss_mb", "app peak RSS", "MB", None, False),
    ]
    return f


FIGURES = _figures()
BY_KEY = {f.key: f for f in FIGURES}


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def passes(figure: Figure, value) -> bool | None:
    if figure.target is None or not is_number(value):
        return None
    op, limit = figure.target
    return value >= limit if op == ">=" else value <= limit


def growth(scales: dict[int, dict]) -> dict[str, float]:
    """Each scaled figure at the largest corpus divided by the same figure at the smallest."""
    if len(scales) < 2:
        return {}
    small, large = scales[min(scales)], scales[max(scales)]
    out = {}
    for key, value in large.items():
        base = small.get(key)
        if is_number(value) and is_number(base) and base:
            out[key] = value / base
    return out


def build(scales: dict[int, dict], fixed: dict, errors: dict[str, str], config: dict) -> dict:
    """The whole report as one JSON-ready dict."""
    largest = scales[max(scales)] if scales else {}
    ratio = max(scales) / min(scales) if len(scales) > 1 else None
    grown = growth(scales)
    verdicts = []
    for figure in FIGURES:
        value = (largest if figure.scaled else fixed).get(figure.key)
        if figure.target:
            verdicts.append({"figure": figure.key, "target": " ".join(map(str, figure.target)),
                             "value": value, "pass": passes(figure, value)})
    for t in SUBLINEAR:
        key = f"query.{t}.p95_ms"
        if ratio and key in grown:
            verdicts.append({"figure": f"{key}.growth", "target": f"< {ratio:g} (corpus growth)",
                             "value": grown[key], "pass": grown[key] < ratio})
    return {"config": config, "machine": machine(), "scales": {str(k): v for k, v in scales.items()},
            "fixed": fixed, "growth": grown, "targets": verdicts, "errors": errors}


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count()}


def _fmt(value) -> str:
    if not is_number(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def table(report: dict) -> str:
    """One aligned plain-text table: a column per corpus size, growth, target and verdict."""
    sizes = sorted(int(k) for k in report["scales"])
    headers = ["figure", "unit"] + [f"{n:,} posts" for n in sizes] + ["growth", "target", "result"]
    verdict = {v["figure"]: v for v in report["targets"]}
    rows = []
    for figure in FIGURES:
        if figure.scaled:
            values = [report["scales"][str(n)].get(figure.key) for n in sizes]
        else:
            values = [None] * (len(sizes) - 1) + [report["fixed"].get(figure.key)]
        grown = report["growth"].get(figure.key)
        target = verdict.get(figure.key)
        result = "" if target is None else {True: "PASS", False: "FAIL", None: "MISSING"}[target["pass"]]
        line = [figure.label, figure.unit] + [_fmt(v) if (figure.scaled or v is not None) else "" for v in values]
        line += [_fmt(grown) if grown is not None else "", target["target"] if target else "", result]
        growth_verdict = verdict.get(f"{figure.key}.growth")
        if growth_verdict:
            line[-1] = (result + " " if result else "") + ("sublinear" if growth_verdict["pass"] else "SUPERLINEAR")
        rows.append(line)
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    aligned = lambda r: "  ".join(  # noqa: E731 - numbers right-aligned, words left-aligned
        str(c).ljust(w) if i < 2 or i >= len(r) - 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))
    ).rstrip()
    out = [aligned(headers), "  ".join("-" * w for w in widths)] + [aligned(r) for r in rows]
    for name, message in sorted(report["errors"].items()):
        out.append(f"! {name}: {message}")
    return "\n".join(out)


def write(report: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "report.json"
    path.write_text(json.dumps(report, indent=1, sort_keys=True))
    return path


def missing(report: dict) -> list[str]:
    """Figures with no number: what the smoke test checks is empty."""
    sizes = list(report["scales"])
    gaps = []
    for figure in FIGURES:
        if figure.scaled:
            gaps += [f"{figure.key}@{n}" for n in sizes if not is_number(report["scales"][n].get(figure.key))]
        elif not is_number(report["fixed"].get(figure.key)):
            gaps.append(figure.key)
    return gaps
