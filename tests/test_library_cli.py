"""The command line over a real library: import, search (terminal and JSON), show, export, stats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(library: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "tui", "--library", str(library), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    library = tmp_path_factory.mktemp("cli") / "library"
    result = run(library, "import", str(ROOT / "transcripts"))
    assert result.returncode == 0, result.stderr
    assert "3 added" in result.stderr and "44 posts" in result.stderr and "0 failed" in result.stderr
    return library


def test_empty_library_says_how_to_import(tmp_path):
    for command in (["search", "stalin"], ["show", "x"]):
        result = run(tmp_path / "empty", *command)
        assert result.returncode in (1, 2)
        assert "threadreader import" in result.stderr and "Traceback" not in result.stderr


def test_search_finds_chlodio_post_4(library):
    result = run(library, "search", "author:Chlodio")
    assert result.returncode == 0
    assert "#4 Chlodio" in result.stdout and "A Soviet-British-French-Polish" in result.stdout


def test_search_json_lines_have_every_field(library):
    result = run(library, "search", '"mutual distrust"', "--json", "--limit", "2")
    assert result.returncode == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    for line in lines:
        assert set(line) >= {"thread_id", "title", "post_index", "number", "score", "snippet", "highlights"}
        words = [line["snippet"][s:e].lower() for s, e in line["highlights"]]
        assert words == ["mutual", "distrust"]
    assert lines[0]["post_index"] == 2 and lines[0]["number"] == 3


def test_a_misspelt_search_shows_the_corrected_results_and_says_so(library):
    result = run(library, "search", "stallin")
    assert result.returncode == 0
    assert "showing results for “stalin”: nothing matched “stallin”" in result.stdout
    assert "matching posts in 3 threads" in result.stdout


def test_a_search_with_nothing_to_correct_and_no_match_exits_1(library):
    result = run(library, "search", "zzyzxqwv")
    assert result.returncode == 1 and "no posts match" in result.stdout


def test_flat_post_list_is_in_score_order_and_honours_the_limit(library):
    result = run(library, "search", "stalin", "--posts", "--limit", "4", "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert [line["score"] for line in lines] == sorted((line["score"] for line in lines), reverse=True)


def test_show_prints_a_post_with_its_quote(library):
    result = run(library, "show", "A Soviet", "--post", "9")
    assert result.returncode == 0
    assert "[#9] Futurist" in result.stdout
    assert "> Vaeltaja wrote in #7:" in result.stdout
    missing = run(library, "show", "no such thread anywhere")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def test_export_writes_markdown_file(library, tmp_path):
    out = tmp_path / "thread.md"
    result = run(library, "export", "What if", "--format", "md", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# What if UK/France allied with USSR in 1939?")
    assert "> **" in text


def test_stats_json(library):
    result = run(library, "stats", "--json")
    figures = json.loads(result.stdout)
    assert figures["threads"] == 3 and figures["posts"] == 44


def test_reimport_is_unchanged_and_reindex_rebuilds(library):
    again = run(library, "import", str(ROOT / "transcripts"))
    assert "3 unchanged" in again.stderr
    rebuilt = run(library, "reindex")
    assert rebuilt.returncode == 0 and "3 added" in rebuilt.stderr


def test_emoji_codes_in_a_file_name_are_printed_literally(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / ":skull: notes.txt"
    bad.write_bytes(b"")  # empty: the import names it as failed, with its name
    result = subprocess.run([sys.executable, "-m", "tui", "--library", str(tmp_path / "lib"), "import", str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert ":skull: notes.txt" in result.stdout + result.stderr
    assert "\N{SKULL}" not in result.stdout + result.stderr


def test_a_library_from_an_older_version_is_reindexed_once_and_says_so(tmp_path):
    library = tmp_path / "library"
    assert run(library, "import", str(ROOT / "transcripts")).returncode == 0
    (library / "VERSION").write_text("6\n", encoding="utf-8")  # as the version before stop words were indexed
    first = run(library, "search", '"I think"')
    assert first.returncode == 0 and "older version" in first.stderr and "3 added" in first.stderr
    assert "I think" in first.stdout
    second = run(library, "search", '"I think"')
    assert second.returncode == 0 and "older version" not in second.stderr and second.stdout == first.stdout


def test_importing_a_folder_with_no_transcripts_says_so_and_fails(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = run(tmp_path / "library", "import", str(folder))
    assert result.returncode == 1
    assert "no transcripts" in result.stderr and str(folder) in result.stderr


def test_one_match_is_counted_in_the_singular(library):
    result = run(library, "search", "author:Chlodio")
    assert result.returncode == 0
    assert result.stdout.rstrip().splitlines()[-1] == "1 matching post in 1 thread"


def test_stats_reads_as_words_not_python_literals(library):
    result = run(library, "stats")
    assert result.returncode == 0
    lines = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip() for line in result.stdout.splitlines()}
    assert lines["dialects"] == "historum 1, moviechat 1, xenforo 1"
    assert lines["posts"] == "44"
    assert "{" not in result.stdout and "'" not in result.stdout


def test_export_to_a_missing_folder_names_the_file(library, tmp_path):
    target = tmp_path / "no-such-folder" / "thread.md"
    result = run(library, "export", "A Soviet", "-o", str(target))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert str(target) in result.stderr and "No such file or directory" in result.stderr


def test_a_limit_below_one_is_refused_not_read_as_one(library):
    for limit in ("0", "-3", "many"):
        result = run(library, "search", "stalin", "--limit", limit)
        assert result.returncode == 2 and "--limit" in result.stderr and "1 or more" in result.stderr
        assert result.stdout == ""


def test_a_title_match_reads_as_the_title_not_as_a_post_without_an_author(library):
    result = run(library, "search", "title:russia")
    assert result.returncode == 0
    lines = result.stdout.rstrip().splitlines()
    assert lines[1] == "  title: Why was Russia so against the US joining the war?"
    assert lines[-1] == "in 1 title only"
    hit = json.loads(run(library, "search", "title:russia", "--json").stdout.splitlines()[0])
    assert hit["in_title"] is True and hit["author"] is None
