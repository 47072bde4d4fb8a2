"""Saved web pages of every engine family: posts, authors, dates, quotes, signatures; nothing hidden surfaces."""

from __future__ import annotations

import email.generator
import email.mime.multipart
import email.mime.text
import io

import pytest
from hypothesis import given, settings, strategies as st

from index.errors import TranscriptError
from index.library.sources import discover
from index.threads.parse import parse
from index.threads.read import read_thread, thread_from_bytes
from tests.pages import engines
from tests.pages.engines import ALICE, BOB, CAROL, ENGINES, IFRAME, NAMES, SCRIPT, SIGNATURE

SIGNED = {"xenforo", "vbulletin", "phpbb", "smf"}  # the families whose markup has a signature block


def everything(thread) -> str:
    return "\n".join(
        [thread.title, thread.forum or ""]
        + [b.text for p in thread.posts for b in p.blocks]
        + [p.signature or "" for p in thread.posts]
        + [p.author.label for p in thread.posts]
    )


@pytest.fixture(params=sorted(ENGINES))
def engine(request):
    return request.param, parse(ENGINES[request.param](), f"{request.param}.html")


def test_each_post_is_found_with_its_author_and_iso_date(engine):
    name, thread = engine
    assert thread.dialect == "html"
    assert [p.author.name for p in thread.posts] == list(NAMES), name
    assert [p.date[:10] for p in thread.posts] == ["2021-03-01", "2021-03-02", "2021-03-03", "2021-03-04"], name
    assert thread.posts[0].own_text.startswith(ALICE)


def test_title_breadcrumb_and_address_come_from_the_page(engine):
    _, thread = engine
    assert thread.title == "Tomatoes and basil"  # the heading, not "Forum name | ..." of <title>
    assert thread.forum == "Forums › Garden"
    assert thread.url == "https://forum.example/threads/tomatoes.42/"


def test_quotes_are_credited_to_the_post_that_wrote_them(engine):
    name, thread = engine
    bob, carol = thread.posts[1], thread.posts[2]
    assert [(q.source, q.source_author) for q in bob.quotes] == [(0, "Alice")], name
    assert BOB in bob.own_text and ALICE not in bob.own_text
    # Carol quotes Bob quoting Alice: each quoted sentence goes back to the post that first wrote it.
    sources = {q.text: q.source for q in carol.quotes}
    assert sources.get(ALICE) == 0 and sources.get(BOB) == 1, (name, sources)
    assert CAROL in carol.own_text and BOB not in carol.own_text


def test_signature_blocks_become_the_signature(engine):
    name, thread = engine
    carol = thread.posts[2]
    if name in SIGNED:
        assert carol.signature == SIGNATURE
    assert SIGNATURE not in carol.own_text


def test_an_image_only_post_keeps_a_placeholder(engine):
    _, thread = engine
    assert "[image: greenhouse" in thread.posts[3].own_text


def test_scripts_iframes_and_buttons_never_surface(engine):
    name, thread = engine
    text = everything(thread)
    assert SCRIPT not in text and IFRAME not in text, name
    assert "Click to expand" not in text
    for post in thread.posts:
        assert not any(b.text.strip() in ("Like", "Reply", "Quote") for b in post.blocks), name


def test_broken_markup_still_reads():
    page = engines.phpbb().replace("</div></div></div></div>", "</div>", 2).replace("<blockquote>", "<blockquote><p>", 1)
    thread = parse(page[: len(page) - 40], "broken.html")  # unclosed tags and a cut-off end
    assert [p.author.name for p in thread.posts] == list(NAMES)


def test_a_page_without_posts_is_one_post_with_a_note():
    page = "<!DOCTYPE html><html><head><title>Log in</title></head><body><form><p>User name</p><p>Password</p></form></body></html>"
    thread = parse(page, "login.html")
    assert len(thread.posts) == 1
    assert any("not a thread" in note for note in thread.notes)


def test_markup_in_a_text_copy_is_not_a_page():
    thread = parse("My thread title\n\nI wrote <div> in my post and <b>bold</b>.", "copy.txt")
    assert thread.dialect != "html"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_page_parses_without_raising(junk):
    page = "<!DOCTYPE html><html><body>" + junk + engines.vanilla()[-600:]
    thread = parse(page, "junk.html")
    assert thread.posts


def test_the_page_charset_decides_the_text():
    page = engines.xenforo().replace("<meta charset='utf-8'>", "<meta charset='windows-1251'>")
    page = page.replace("Tomatoes and basil", "Помидоры и базилик")
    thread = thread_from_bytes(page.encode("cp1251"), "cyrillic.html")
    assert thread.title == "Помидоры и базилик"


def test_a_utf8_page_that_claims_latin1_is_read_as_utf8():
    page = engines.xenforo().replace("<meta charset='utf-8'>", "<meta charset='iso-8859-1'>").replace("Alice", "Zoë")
    thread = thread_from_bytes(page.encode("utf-8"), "mislabelled.html")
    assert thread.posts[0].author.name == "Zoë"


def _mhtml(html: str) -> bytes:
    message = email.mime.multipart.MIMEMultipart("related")
    part = email.mime.text.MIMEText(html, "html", "utf-8")
    part["Content-Location"] = "https://forum.example/threads/tomatoes.42/"
    message.attach(part)
    out = io.BytesIO()
    email.generator.BytesGenerator(out).flatten(message)
    return b"MIME-Version: 1.0\r\n" + out.getvalue()


def test_a_web_archive_is_read_like_the_page_inside(tmp_path):
    path = tmp_path / "thread.mhtml"
    path.write_bytes(_mhtml(engines.discourse()))
    thread = read_thread(path)
    assert [p.author.name for p in thread.posts] == list(NAMES)


def test_a_broken_web_archive_is_refused_in_one_line_naming_the_format():
    data = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: image/png\r\n\r\nPNG\r\n--x--\r\n"
    with pytest.raises(TranscriptError) as error:
        thread_from_bytes(data, "archive.mht")
    assert "MHTML" in str(error.value) and "\n" not in str(error.value)


def test_folders_of_saved_pages_are_found_without_their_assets(tmp_path):
    (tmp_path / "thread.html").write_text(engines.smf(), encoding="utf-8")
    (tmp_path / "thread_files").mkdir()
    (tmp_path / "thread_files" / "frame.html").write_text("<html><body>ad</body></html>", encoding="utf-8")
    (tmp_path / "other.htm").write_text(engines.invision(), encoding="utf-8")
    (tmp_path / "archive.mht").write_bytes(_mhtml(engines.vanilla()))
    files, missing, _ = discover([tmp_path])
    assert sorted(p.name for p in files) == ["archive.mht", "other.htm", "thread.html"]
    assert not missing


def test_a_quote_element_naming_its_author_in_a_data_attribute_keeps_the_author():
    from index.threads.html.quotehead import attribute_author
    from selectolax.lexbor import LexborHTMLParser

    node = LexborHTMLParser('<blockquote data-quote="Alice" data-id="12">words</blockquote>').css_first("blockquote")
    assert attribute_author(node) == "Alice"
