"""`threadreader parse FILE [--json]`: outline, JSON shape, safe output, one-line errors."""

from __future__ import annotations

import json

import pytest

from tui.__main__ import main

NBSP = "\u00a0"


@pytest.fixture
def seed000(bundled_dir):
    return next(bundled_dir.glob("000_*.txt"))


def test_json_has_the_design_shape(seed000, capsys):
    assert main(["parse", str(seed000), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "A Soviet-British-French-Polish alliance before WW2"
    assert data["dialect"] == "historum" and data["forum"] is None and data["post_count"] == 10
    post = data["posts"][5]
    assert set(post["author"]) == {"name", "key", "label"}
    assert post["author"]["label"] == "member from Lithuania, joined Mar 2014"
    assert (post["number"], post["joined"], post["post_count"], post["location"]) == (6, "Mar 2014", 1894, "Lithuania")
    assert post["blocks"][0]["kind"] == "quote" and post["blocks"][0]["source"] == 2
    assert post["blocks"][0]["text"].startswith("The Anglo-Soviet talks in Moskow")
    assert post["blocks"][1]["kind"] == "text"
    assert data["posts"][7]["likes"] == ["Futurist"] and data["posts"][7]["edited"] is True


def test_outline_shows_headers_quotes_and_signatures(bundled_dir, capsys):
    assert main(["parse", str(next(bundled_dir.glob("002_*.txt")))]) == 0
    out = capsys.readouterr().out
    assert "Why was Russia so against the US joining the war?" in out
    assert "MovieChat Forums > Restless (2015) Discussion" in out
    assert "-- Who knows where the time goes?" in out
    assert "mentions ashton" in out


def test_outline_names_the_source_of_each_quote(seed000, capsys):
    main(["parse", str(seed000)])
    out = capsys.readouterr().out
    assert "quotes [2] member from Virginia, joined Oct 2015" in out
    assert "quotes [6] Vaeltaja" in out


def test_transcript_text_is_never_markup_or_escape_codes(tmp_path, capsys):
    path = tmp_path / "evil.txt"
    path.write_text(f"[bold red]Title[/] \x1b[2J\n\nbody [link=x]y[/link] \x1b]0;t\x07 :skull:\n{NBSP}\nsecond\n")
    for argv in (["parse", str(path)], ["parse", str(path), "--full"], ["parse", str(path), "--json"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out
        assert "[bold red]Title[/]" in out and "[link=x]y[/link]" in out and ":skull:" in out


@pytest.mark.parametrize("make", [
    lambda tmp: tmp / "missing.txt",
    lambda tmp: tmp,
    lambda tmp: (tmp / "empty.txt").write_bytes(b"") and tmp / "empty.txt" or tmp / "empty.txt",
    lambda tmp: (tmp / "bin.dat").write_bytes(b"\x00\x01\x02binary") and tmp / "bin.dat",
])
def test_bad_files_get_one_line_on_stderr_and_exit_2(tmp_path, capsys, make):
    path = make(tmp_path)
    assert main(["parse", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("threadreader: ") and str(path) in lines[0]
