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
# Issue 14: every query kind's p95 may grow at most 4x while the corpus grows 10x.
GROWTH_PER_TENFOLD = 4.0


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # may name the run's settings: {app_threads:,}, {long_thread:,}, {quote_posts:,}, ...
    unit: str
    target: tuple[str, float] | None = None  # (">=" or "<=", value)
    scaled: bool = True  # measured on every corpus (else once per run)
    real_target: tuple[str, float] | None = None  # the target on real text (and real-shaped corpora), where it differs


def _figures() -> list[Figure]:
    f = [
        Figure("parse.posts_per_s", "parse + quote rebuild (one process)", "posts/s"),
        Figure("parse.precision", "quote attribution precision", "ratio", (">=", 0.98)),
        Figure("parse.recall", "quote attribution recall", "ratio", (">=", 0.95)),
        Figure("parse.detection_recall", "quotes found (any source)", "ratio"),
        Figure("parse.word_precision", "quoted words credited right: precision", "ratio", (">=", 0.995)),
        Figure("parse.word_recall", "quoted words credited right: recall", "ratio", (">=", 0.985)),
        Figure("parse.split_accuracy", "threads split into the right posts", "ratio"),
        Figure("quotes.thread_2000_s", "{quote_posts:,}-post thread, {quote_quotes:,} quotes: parse", "s",
               ("<=", 2.0), False),
        Figure("quotes.huge_s", "huge transcript ({huge_posts:,} posts): parse", "s", ("<=", 60), False),
        Figure("quotes.huge_peak_mb", "huge transcript: peak RSS", "MB", ("<=", 500), False),
        Figure("quotes.huge_posts_per_s", "huge transcript: parse", "posts/s", None, False),
        Figure("signatures.precision", "signatures found that are signatures ({signature_posts:,} posts)", "ratio",
               (">=", 0.99), False),
        Figure("signatures.recall", "signatures found (repeated or delimited)", "ratio", (">=", 0.95), False),
        Figure("import.processes", "import processes (ours and FTS5 alike)", "n"),
        Figure("import.posts_per_s", "import from files (threadreader)", "posts/s", (">=", 2000),
               real_target=(">=", 1500)),
        Figure("fts5.import_posts_per_s", "import from files (FTS5, same parse)", "posts/s"),
        Figure("fts5.raw_import_posts_per_s", "import from files (FTS5, raw split)", "posts/s"),
        Figure("import.ratio_fts5", "import speed / FTS5's (same parse)", "x"),
        Figure("import.peak_rss_mb", "import peak RSS", "MB", ("<=", 500)),
        Figure("fts5.import_peak_rss_mb", "FTS5 import peak RSS", "MB"),
        Figure("import.index_mb", "index size on disk", "MB"),
        Figure("fts5.index_mb", "FTS5 database size", "MB"),
        Figure("open.cold_ms", "cold open from process start, cache dropped", "ms", ("<=", 250)),
        Figure("open.cold_first_query_ms", "cold open + first query, from process start", "ms"),
        Figure("cli.search_ms", "`threadreader search` from the shell", "ms", ("<=", 200)),
        Figure("cli.search_tty_ms", "`threadreader search` from the shell, on a terminal", "ms", ("<=", 200)),
    ]
    for kind in QUOTE_KINDS:
        f += [Figure(f"kinds.{kind}.precision", f"{kind} quotes: precision", "ratio", (">=", 0.98), False),
              Figure(f"kinds.{kind}.recall", f"{kind} quotes: recall", "ratio", (">=", 0.98), False)]
    limits = {"term": 30, "field": 50, "boolean": 50, "phrase": 100, "wildcard": 150, "fuzzy": 150,
              "didyoumean": 100}
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
    f.append(Figure("query.didyoumean.accuracy", "did-you-mean finds the word", "ratio"))
    for t in ("term", "phrase", "boolean", "field"):
        # Held to the posts, not the queries: both stem with Porter's algorithm, but SQLite's has his
        # later amendments (technology -> technolog, possibly -> possibl) and Snowball's has not; they
        # part on 0.05% of word occurrences of real text, enough to make some queries differ by a post.
        apart = ("<=", 0.001) if t != "field" else None
        f += [Figure(f"answers.{t}.same_matches", f"{t}: same posts matched as FTS5", "ratio"),
              Figure(f"answers.{t}.apart", f"{t}: posts matched by one engine only", "ratio", apart),
              Figure(f"answers.{t}.top_overlap", f"{t}: first 10 posts shared with FTS5's", "ratio")]
    f += [Figure(f"answers.{t}.recall", f"{t}: share of FTS5's matches ours finds", "ratio")
          for t in ("wildcard", "fuzzy")]
    for prefix, scaled, where in (("known", True, ""), ("known_pages", False, ", forum pages")):
        f.append(Figure(f"{prefix}.singled_out", f"known item{where}: queries whose words <= 5 posts hold", "ratio",
                        None, scaled))
        for kind, words, at5 in (("plain", "3 words", 0.98), ("typo", "3 words, 1 mistyped", 0.90)):
            f += [Figure(f"{prefix}.ours.{kind}.at1", f"known item{where} ({words}) @1", "ratio", None, scaled),
                  Figure(f"{prefix}.ours.{kind}.at5", f"known item{where} ({words}) @5", "ratio", None, scaled),
                  Figure(f"{prefix}.ours.{kind}.at5_singled", f"known item{where} ({words}) @5, words held by <= 5 posts",
                         "ratio", (">=", at5), scaled),
                  Figure(f"{prefix}.fts5.{kind}.at5_singled",
                         f"known item{where} ({words}) @5, words held by <= 5 posts, FTS5", "ratio", None, scaled),
                  Figure(f"{prefix}.fts5.{kind}.at1", f"known item{where} ({words}) @1, FTS5", "ratio", None, scaled),
                  Figure(f"{prefix}.fts5.{kind}.at5", f"known item{where} ({words}) @5, FTS5", "ratio", None, scaled)]
    f += [
        Figure("app.first_paint_ms", "app first paint from process start, {app_threads:,} threads", "ms",
               ("<=", 400), False),
        Figure("app.open_2000_ms", "app opens a {long_thread:,}-post thread", "ms", ("<=", 200), False),
        Figure("app.scroll_p95_ms", "app scroll keystroke-to-paint p95", "ms", ("<=", 50), False),
        Figure("app.scroll_p50_ms", "app scroll keystroke-to-paint p50", "ms", None, False),
        Figure("app.tree_build_ms", "reply tree of the {long_thread:,}-post thread, built", "ms", ("<=", 100), False),
        Figure("app.tree_toggle_ms", "app tree view key-to-paint, {long_thread:,} posts", "ms", ("<=", 100), False),
        Figure("app.tree_scroll_p95_ms", "app scroll in tree view p95", "ms", ("<=", 50), False),
        Figure("app.tree_scroll_unpainted", "app tree view scroll keys with no paint in 2 s", "keys", ("<=", 0), False),
        Figure("app.scroll_unpainted", "app scroll keys with no paint in 2 s", "keys", ("<=", 0), False),
        Figure("app.search_p50_ms", "app search-as-you-type p50", "ms", None, False),
        Figure("app.search_p95_ms", "app search-as-you-type p95", "ms", None, False),
        Figure("app.peak_rss_mb", "app peak RSS", "MB", ("<=", 350), False),
    ]
    return f


FIGURES = _figures()
BY_KEY = {f.key: f for f in FIGURES}


def label_of(figure: Figure, config: dict) -> str:
    quote = config.get("quote_thread") or [2000, 500]
    huge = config.get("huge") or [18_501, 12]
    return figure.label.format(app_threads=config.get("app_threads", 10_000),
                               long_thread=config.get("long_thread", 2000), quote_posts=quote[0],
                               quote_quotes=quote[1], huge_posts=huge[0],
                               signature_posts=config.get("signature_posts", 3000))


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def passes(target: tuple[str, float] | None, value) -> bool | None:
    if target is None or not is_number(value):
        return None
    op, limit = target
    return value >= limit if op == ">=" else value <= limit


def growth(scales: dict[int, dict]) -> tuple[dict[str, float], dict[str, list[float]]]:
    """(each scaled figure at the largest corpus / at the smallest, the same step by step)."""
    sizes = sorted(scales)
    total, steps = {}, {}
    if len(sizes) < 2:
        return total, steps
    for key, value in scales[sizes[-1]].items():
        series = [scales[n].get(key) for n in sizes]
        if all(is_number(v) and v for v in series):
            total[key] = value / series[0]
            steps[key] = [b / a for a, b in zip(series, series[1:])]
    return total, steps


def growth_limit(size_ratio: float) -> float:
    """How much a p95 may grow while the corpus grows size_ratio times (4x per tenfold)."""
    return GROWTH_PER_TENFOLD ** math.log10(size_ratio)


def build(scales: dict[int, dict], fixed: dict, errors: dict[str, str], config: dict, real: dict | None = None,
          shaped: dict[str, dict[int, dict]] | None = None) -> dict:
    """The whole report as one JSON-ready dict; shaped: the other generated corpora (shape -> size -> figures)."""
    shaped = shaped or {}
    largest = scales[max(scales)] if scales else {}
    ratio = max(scales) / min(scales) if len(scales) > 1 else None
    grown, steps = growth(scales)
    verdicts = []
    for figure in FIGURES:
        value = (largest if figure.scaled else fixed).get(figure.key)
        if figure.target:
            verdicts.append({"figure": figure.key, "target": " ".join(map(str, figure.target)),
                             "value": value, "pass": passes(figure.target, value)})
        target = figure.real_target or figure.target
        if real is not None and figure.scaled and target and not figure.key.startswith("parse."):  # no truth
            value = real["figures"].get(figure.key)
            verdicts.append({"figure": f"{figure.key}.real", "target": " ".join(map(str, target)),
                             "value": value, "pass": passes(target, value)})
        for shape, sized in shaped.items():  # real-shaped text: held to the real corpus's targets
            if figure.scaled and target and sized:
                value = sized[max(sized)].get(figure.key)
                verdicts.append({"figure": f"{figure.key}.{shape}", "target": " ".join(map(str, target)),
                                 "value": value, "pass": passes(target, value)})
    for prefix in ("known", "known_pages"):
        source = largest if prefix == "known" else fixed
        ours, theirs = source.get(f"{prefix}.ours.plain.at5"), source.get(f"{prefix}.fts5.plain.at5")
        if is_number(ours) and is_number(theirs):
            verdicts.append({"figure": f"{prefix}.ours.plain.at5.vs_fts5", "target": f">= FTS5's ({theirs:.3g})",
                             "value": ours, "pass": ours >= theirs})
    for t in QUERY_TYPES:
        key = f"query.{t}.p95_ms"
        if ratio and key in grown:
            limit = growth_limit(ratio)
            verdicts.append({"figure": f"{key}.growth", "target": f"<= {limit:.3g}x (corpus {ratio:g}x)",
                             "value": grown[key], "pass": grown[key] <= limit})
    return {"config": config, "machine": machine(), "scales": {str(k): v for k, v in scales.items()},
            "fixed": fixed, "real": real, "growth": grown, "growth_steps": steps, "targets": verdicts,
            "shaped": {shape: {str(k): v for k, v in sized.items()} for shape, sized in shaped.items()},
            "shaped_growth": {shape: growth(sized)[1] for shape, sized in shaped.items()},
            "errors": errors}


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "load": os.getloadavg() if hasattr(os, "getloadavg") else None}


def _fmt(value) -> str:
    if not is_number(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def table(report: dict) -> str:
    """One aligned plain-text table: a column per corpus size (and the real corpus), growth, target, verdict."""
    sizes = sorted(int(k) for k in report["scales"])
    real = report.get("real")
    shaped = report.get("shaped") or {}
    columns = [(shape, n) for shape in shaped for n in sorted(int(k) for k in shaped[shape])]
    config = report.get("config", {})
    headers = (["figure", "unit"] + [f"{n:,} posts" for n in sizes] + [f"{s} {n:,}" for s, n in columns]
               + (["real corpus"] if real else [])
               + ["growth", "target", "result"])
    verdict = {v["figure"]: v for v in report["targets"]}
    word = {True: "PASS", False: "FAIL", None: "MISSING"}
    rows = []
    for figure in FIGURES:
        if figure.scaled:
            values = [report["scales"][str(n)].get(figure.key) for n in sizes]
            shown = [_fmt(v) for v in values]
        else:
            shown = [""] * (len(sizes) - 1) + [_fmt(report["fixed"].get(figure.key))] if sizes else []
        shown += [_fmt(shaped[s][str(n)].get(figure.key)) if figure.scaled else "" for s, n in columns]
        if real:
            shown.append(_fmt(real["figures"].get(figure.key)) if figure.scaled else "")
        steps = report.get("growth_steps", {}).get(figure.key)
        grown = " → ".join(f"×{_fmt(s)}" for s in steps) if steps else ""
        target = verdict.get(figure.key)
        results = [word[target["pass"]]] if target else []
        for shape in shaped:
            if f"{figure.key}.{shape}" in verdict:
                results.append(f"{shape} {verdict[f'{figure.key}.{shape}']['target']} "
                               + word[verdict[f"{figure.key}.{shape}"]["pass"]])
        if real and f"{figure.key}.real" in verdict:
            results.append("real " + word[verdict[f"{figure.key}.real"]["pass"]])
        for extra, name in ((".growth", "growth"), (".vs_fts5", "vs FTS5")):
            if f"{figure.key}{extra}" in verdict:
                results.append(f"{name} " + word[verdict[f"{figure.key}{extra}"]["pass"]])
        rows.append([label_of(figure, config), figure.unit, *shown, grown,
                     target["target"] if target else "", ", ".join(results)])
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    aligned = lambda r: "  ".join(  # noqa: E731 - numbers right-aligned, words left-aligned
        str(c).ljust(w) if i < 2 or i >= len(r) - 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))
    ).rstrip()
    out = [aligned(headers), "  ".join("-" * w for w in widths)] + [aligned(r) for r in rows]
    for v in report["targets"]:
        if v["figure"].endswith(".growth") and not v["pass"]:
            out.append(f"! {v['figure']}: grew {_fmt(v['value'])}x, allowed {v['target']}")
    for name, message in sorted(report["errors"].items()):
        out.append(f"! {name}: {message}")
    return "\n".join(out)


def failed(report: dict) -> list[str]:
    """Targets that were measured and missed."""
    return [v["figure"] for v in report["targets"] if v["pass"] is False]


def write(report: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "report.json"
    path.write_text(json.dumps(report, indent=1, sort_keys=True))
    return path


def missing(report: dict) -> list[str]:
    """Figures with no number on a synthetic corpus or once per run: what the smoke test checks is empty."""
    columns = [("", report["scales"])] + [(f"{shape}-", sized) for shape, sized in (report.get("shaped") or {}).items()]
    gaps = []
    for figure in FIGURES:
        if figure.scaled:
            gaps += [f"{figure.key}@{prefix}{n}" for prefix, sized in columns for n in sized
                     if not is_number(sized[n].get(figure.key))]
        elif not is_number(report["fixed"].get(figure.key)):
            if figure.key.startswith("known_pages.") and report["config"].get("forum_pages") is False:
                continue  # no real pages on this machine to measure on
            gaps.append(figure.key)
    return gaps
