"""Hostile saved pages: escape sequences, Rich markup and entities inside posts stay inert text."""

from __future__ import annotations

import html

import pytest

from index.library.store import Library
from tests.hostile import ESCAPES, FORBIDDEN_ON_TERMINAL, forbidden_in
from tests.pages.engines import HUMAN, DATES
from tests.test_text_safety import assert_inert, run_cli


def hostile_page() -> str:
    """A thread page whose every post holds one hostile case, raw or as an HTML entity."""
    posts = []
    for i, (label, text) in enumerate(ESCAPES):
        # Half the cases arrive as character references (&#27;[31m): the parser decodes them.
        body = html.escape(text) if i % 2 else "".join(f"&#{ord(c)};" if c in FORBIDDEN_ON_TERMINAL else html.escape(c) for c in text)
        posts.append(
            f'<article class="message"><a href="/members/user{i}.{i}/" class="username">user{i}</a>'
            f'<time datetime="{DATES[i % 4]}">{HUMAN[i % 4]}</time>'
            f'<div class="message-body"><p>Case {i} {html.escape(label)}: before {body} after</p></div></article>'
        )
    title = "Hostile &#27;[31mtitle [bold]markup[/bold] &#x202e;evil"
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1>{''.join(posts)}</body></html>"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-html") / "hostile.html"
    path.write_text(hostile_page(), encoding="utf-8")
    return path


def test_parse_outline_of_a_hostile_page_is_inert_and_visible(page):
    result = run_cli("parse", str(page), library=page.parent / "lib")
    assert result.returncode == 0, result.stderr
    text = assert_inert(result.stdout)
    assert "[bold red]shouting[/bold red]" in text
    assert "[@click=app.quit]quit now[/]" in text
    assert ":skull:" in text and "\N{SKULL}" not in text
    assert "HIDDEN" in text and "secret" in text


def test_every_case_is_its_own_post_and_no_control_character_is_kept(page):
    from index.threads.read import read_thread

    thread = read_thread(page)
    assert len(thread.posts) == len(ESCAPES)
    for post, (label, _) in zip(thread.posts, ESCAPES):
        assert label in post.own_text
        assert "\x1b" not in post.own_text and "\x9b" not in post.own_text
    assert "\x1b" not in thread.title


def test_imported_hostile_page_shows_inert(page, tmp_path):
    library = Library.open(tmp_path / "library")
    report = library.import_paths([page])
    assert not report.failed
    result = run_cli("show", "Hostile", library=tmp_path / "library")
    assert result.returncode == 0, result.stderr
    text = assert_inert(result.stdout)
    assert forbidden_in(text) == []
    assert "[link=https://evil.example/]click me[/link]" in text
