"""A seconds-long run of the real benchmark code: the report must come out complete, whatever the machine."""

from __future__ import annotations

import json
import math

import pytest

from tests.bench import report
from tests.bench.__main__ import main
from tests.bench.corpus import Generator, load_truth, write_corpus
from tests.bench.scoring import QuoteScore, words


def test_generator_is_deterministic_and_writes_truth_for_every_post(tmp_path):
    first = write_corpus(tmp_path / "a", 120, seed=3)
    second = write_corpus(tmp_path / "b", 120, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.txt"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.txt"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
    truth = load_truth(tmp_path / "a")
    assert first["posts"] == second["posts"] == 120
    assert sum(t["post_count"] for t in truth["threads"]) == 120
    assert all(len(t["posts"]) == t["post_count"] for t in truth["threads"])


def test_quotes_point_at_earlier_posts_that_hold_their_words():
    thread, text = Generator(5, users=50).quote_heavy_thread(300, 80)
    quotes = [(post, q) for post in thread.posts for q in post.quotes]
    assert sum(1 for post in thread.posts if post.quotes) == 80
    assert len(quotes) > 80, "a mixed quote is two true quotes"
    for post, quote in quotes:
        assert quote.source < post.index
        assert quote.text in text
        source_words = words("\n".join(s.clean + " " + s.text for s in thread.posts[quote.source].own))
        assert sum((words(quote.text) & source_words).values()) >= 0.8 * sum(words(quote.text).values())


def test_scoring_counts_a_wrong_source_as_a_miss():
    truth = [{"source": 2, "text": "one two three four five six seven eight nine", "how": "paragraph"}]
    right, wrong = QuoteScore(), QuoteScore()
    right.add_post(truth, [(2, words(truth[0]["text"]))])
    wrong.add_post(truth, [(1, words(truth[0]["text"]))])
    assert (right.precision, right.recall) == (1.0, 1.0)
    assert (wrong.precision, wrong.recall, wrong.detection_recall) == (0.0, 0.0, 1.0)


def test_signature_corpus_has_repeated_delimited_and_one_off_tails():
    from tests.bench.signature_corpus import signed_thread

    generator = Generator(2, users=40)
    texts, truths, one_offs = [], [], 0
    for number, dialect in enumerate(("historum", "moviechat", "xenforo") * 2):
        text, truth, tails = signed_thread(generator, str(number), 40, dialect)
        texts.append(text)
        truths += truth
        one_offs += tails
    signatures = [t for t in truths if t]
    assert one_offs > 10 and len(signatures) > 10
    assert len(set(signatures)) < len(signatures), "a member signs each post alike"
    assert any("\n-- \n" in t for t in texts) and any("\n" + "_" * 30 + "\n" in t for t in texts)
    assert all(t in "".join(texts) for t in signatures)


def test_signature_scores_count_a_one_off_last_paragraph_taken_for_a_signature(monkeypatch):
    from index.threads import signatures
    from tests.bench.signature_corpus import measure

    honest = measure(3, 400)
    assert honest["signatures.detail"]["one_off_paragraphs"] > 0

    def by_layout(body, who, repeated):  # the old rule: a short last paragraph is a signature
        tails = signatures._tails(body.strip("\n"))
        return tails[-1] if tails else (body, None)

    monkeypatch.setattr(signatures, "_split", by_layout)
    guessed = measure(3, 400)
    assert guessed["signatures.precision"] < honest["signatures.precision"]
    assert guessed["signatures.detail"]["one_offs_taken"] > 0


@pytest.mark.slow
def test_smoke_run_reports_every_figure_as_a_number(tmp_path, capsys):
    code = main(["--smoke", "--out", str(tmp_path)])
    result = json.loads((tmp_path / "report.json").read_text())
    assert report.missing(result) == [], result["errors"]
    assert result["errors"] == {}
    unmeasured = result["config"]["forum_pages"] is False  # no ../shared here: no real pages to measure on
    for verdict in result["targets"]:
        if unmeasured and verdict["figure"].startswith("known_pages."):
            assert verdict["pass"] is None and verdict["value"] is None, verdict
            continue
        assert isinstance(verdict["pass"], bool), verdict
    assert code == (1 if report.failed(result) else 0), "a FAIL must make the run exit non-zero"
    assert all(math.isfinite(v) for v in result["growth"].values())
    table = capsys.readouterr().out
    for figure in report.FIGURES:
        assert report.label_of(figure, result["config"]) in table
    assert "40 threads" in table, "labels follow the flags, not the defaults"


def test_growth_allows_four_times_per_tenfold_and_no_more():
    scales = {10: {"query.term.p95_ms": 1.0}, 100: {"query.term.p95_ms": 4.0}}
    slower = {10: {"query.term.p95_ms": 1.0}, 100: {"query.term.p95_ms": 9.0}}
    verdict = lambda s: next(v for v in report.build(s, {}, {}, {})["targets"]  # noqa: E731
                             if v["figure"] == "query.term.p95_ms.growth")
    assert verdict(scales)["pass"] is True
    assert verdict(slower)["pass"] is False, "linear growth is not sublinear enough"


def test_known_item_typo_swaps_two_neighbouring_letters_into_a_non_word():
    import random

    from tests.bench.known_item import content_words, swap_letters

    rng = random.Random(1)
    typo = swap_letters(rng, "capitalized", {"capitalized"})
    assert typo != "capitalized" and sorted(typo) == sorted("capitalized")
    assert sum(a != b for a, b in zip(typo, "capitalized")) == 2
    assert swap_letters(rng, "aa", set()) is None
    assert content_words("The owners of the businesses, the owners!") == ["owners", "businesses"]
    # A word glued to digits or underscores is one token to both engines: not a remembered word.
    assert content_words("thanks Walnut07 and snake_case readers") == ["thanks", "readers"]


@pytest.mark.slow
def test_keep_leaves_the_libraries_for_a_query_only_run(tmp_path):
    quick = ["--smoke", "--out", str(tmp_path), "--shapes", "synthetic", "--posts", "150"]
    main([*quick, "--keep", "--skip", "parse,queries,open,known,app"])
    assert (tmp_path / "scratch" / "library-150").is_dir(), "--keep must leave the imported library"
    main([*quick, "--skip", "import,parse,open,known,app"])
    figures = json.loads((tmp_path / "report.json").read_text())["scales"]["150"]
    assert "import.posts_per_s" not in figures
    assert report.is_number(figures.get("query.term.p95_ms")), "queries measured on the kept library"
    assert not (tmp_path / "scratch").exists(), "without --keep the scratch libraries go"


@pytest.mark.slow
def test_skipping_import_with_no_kept_library_is_an_error_not_a_silent_empty_run(tmp_path):
    code = main(["--smoke", "--out", str(tmp_path), "--shapes", "synthetic", "--posts", "150",
                 "--skip", "import,parse,open,known,app"])
    errors = json.loads((tmp_path / "report.json").read_text())["errors"]
    assert code != 0 and "--skip import found no library" in errors["library 150"]


def test_a_short_import_is_made_three_times_and_its_median_run_reported_a_long_one_once():
    from tests.bench.import_bench import SHORT_IMPORT_S, _median_run

    times = iter([3.0, 9.0, 2.0])
    peaks = iter([100.0, 300.0, 200.0])
    result, peak = _median_run(lambda: ({"seconds": next(times), "posts": 10}, next(peaks)))
    assert result["seconds"] == 3.0 and result["runs_seconds"] == [2.0, 3.0, 9.0] and peak == 300.0
    calls = []
    long = SHORT_IMPORT_S + 1
    result, peak = _median_run(lambda: calls.append(1) or ({"seconds": long, "posts": 10}, 50.0))
    assert len(calls) == 1 and result["runs_seconds"] == [long] and peak == 50.0
