"""Layouts beyond the engine templates: plain-text names, posts taking turns in their classes, an opening post
outside the repeated element."""

from __future__ import annotations

from index.threads.parse import parse
from tests.pages.engines import ALICE, BOB, CAROL, DATES, HUMAN, NAMES

WORDS = (ALICE, BOB, CAROL, "Sown today, the first leaves of basil are out and the tomatoes look happy")


def _page(posts: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Tomatoes and basil</title></head><body>"
        "<h1>Tomatoes and basil</h1>" + posts + "<footer>About us</footer></body></html>"
    )


def plain_names() -> str:
    """Names in bold with no link and no class, a post number before them and the date after."""
    posts = "".join(
        f'<div class="entry"><div class="entry_inner"><div class="num">{i + 1}</div>'
        f"<strong>{NAMES[i]}</strong> Says:<br><span class='small'><time datetime='{DATES[i]}'>{HUMAN[i]}</time></span>"
        f"<br><br>{WORDS[i]}</div><div class='bar'><a href='#reply'>REPLY</a> <a href='#'>SHARE</a></div></div>"
        for i in range(4)
    )
    return _page(posts)


def test_names_in_plain_bold_text_are_the_authors():
    thread = parse(plain_names(), "plain.html")
    assert [p.author.name for p in thread.posts] == list(NAMES)
    assert [p.date[:10] for p in thread.posts] == [d[:10] for d in DATES]


def test_the_header_before_a_name_and_date_is_not_the_post():
    thread = parse(plain_names(), "plain.html")
    for post, words in zip(thread.posts, WORDS):
        assert post.own_text == words  # not "1\nSays:\nMar 1, 2021\n..."


def test_a_constant_label_in_every_post_is_not_a_name():
    page = plain_names()
    for name in NAMES:
        page = page.replace(f"<strong>{name}</strong>", "<strong>Guest</strong>")
    thread = parse(page, "guests.html")
    assert all(p.author.name != "Guest" for p in thread.posts)


def alternating() -> str:
    """Posts whose wrapper leads with "odd"/"even" and otherwise shares its classes."""
    posts = "".join(
        f'<div class="post reply"><div class="{"odd" if i % 2 else "even"} reply type-reply post-{i} hentry'
        f'{" topic-author" if i == 2 else ""}">'
        f'<div class="reply-author"><a href="/members/{NAMES[i].lower()}/">{NAMES[i]}</a>'
        f"<div class='reply-date'>{HUMAN[i]}</div></div>"
        f"<div class='reply-content'><p>{WORDS[i]}</p></div></div></div>"
        for i in range(4)
    )
    return _page(f"<div class='replies'>{posts}</div>")


def test_posts_taking_turns_in_their_classes_share_one_layout():
    thread = parse(alternating(), "turns.html")
    assert [p.author.name for p in thread.posts] == list(NAMES)
    for post, words in zip(thread.posts, WORDS):
        assert post.own_text == words  # the header (name, date) is not read into the odd posts' bodies


def _reply(i: int) -> str:
    return (
        f'<div class="comment"><div class="comment-head"><a href="/user/{NAMES[i]}">{NAMES[i]}</a>'
        f"<time datetime='{DATES[i]}'>{HUMAN[i]}</time></div><div class='comment-text'><p>{WORDS[i]}</p></div></div>"
    )


def opening_apart(split: bool) -> str:
    """The opening post in its own container before the replies' list; `split`: its header and body are
    sibling elements, the replies nested in a later sibling."""
    head = (f"<div class='op-head'><a href='/user/{NAMES[0]}'>{NAMES[0]}</a> • "
            f"<time datetime='{DATES[0]}'>{HUMAN[0]}</time> • <a href='#replies'>3 Replies</a></div>")
    body = f"<div class='op-body'><p>{WORDS[0]}</p></div>"
    replies = "<div class='replies'><h2>Replies</h2><div class='list'>" + "".join(_reply(i) for i in (1, 2, 3)) + "</div></div>"
    if split:
        return _page(f"<div class='thread'>{head}{body}<div class='tags'>Garden</div>{replies}</div>")
    return _page(f"<div class='topic'><div class='op'>{head}{body}</div></div>{replies}")


def test_an_opening_post_apart_from_the_replies_is_the_first_post():
    for split in (False, True):
        thread = parse(opening_apart(split), "apart.html")
        assert [p.author.name for p in thread.posts] == list(NAMES), split
        assert thread.posts[0].own_text.startswith(ALICE) and thread.posts[0].date[:10] == DATES[0][:10]
        assert [p.own_text for p in thread.posts[1:]] == list(WORDS[1:])


def test_a_thread_header_with_its_starter_and_date_is_not_a_post():
    header = (f"<div class='thread-header'><h1>Tomatoes and basil in a cold greenhouse this spring</h1>"
              f"<span>Thread starter</span> <a href='/user/{NAMES[0]}'>{NAMES[0]}</a> "
              f"<span>Start date</span> <time datetime='{DATES[0]}'>{HUMAN[0]}</time></div>")
    replies = "<div class='list'>" + "".join(_reply(i) for i in range(4)) + "</div>"
    thread = parse(_page(header + f"<div class='block'>{replies}</div>"), "header.html")
    assert [p.author.name for p in thread.posts] == list(NAMES)


def test_a_short_quote_in_an_expandable_frame_keeps_its_words_and_drops_the_expand_link():
    quote = (
        '<blockquote class="quote-block quote-block--expandable"><div class="quote-title">'
        '<a href="/goto/post?id=1">Alice said: ↑</a></div><div class="quote-expandContent">Too general.</div>'
        '<div class="quote-expandLink"><a>Klicke in dieses Feld, um es in vollständiger Größe anzuzeigen.</a></div></blockquote>'
    )
    posts = "".join(
        f'<div class="comment"><div class="comment-head"><a href="/user/{NAMES[i]}">{NAMES[i]}</a>'
        f"<time datetime='{DATES[i]}'>{HUMAN[i]}</time></div><div class='comment-text'>{body}</div></div>"
        for i, body in enumerate([f"<p>{ALICE}. Too general.</p>", quote + f"<p>{BOB}</p>"])
    )
    bob = parse(_page(posts), "quote.html").posts[1]
    assert [(q.text, q.source_author) for q in bob.quotes] == [("Too general.", "Alice")]
    assert "Klicke" not in bob.own_text and "↑" not in "".join(q.text for q in bob.quotes)


def test_a_rank_holding_a_label_word_is_not_a_join_date_or_place():
    """"Registrierter Benutzer" (registered user) starts like "registriert"; "Sport: ..." ends like "ort:"."""
    posts = "".join(
        f"<article class='message'><div class='head'><a href='/members/{NAMES[i].lower()}.{i}/'>{NAMES[i]}</a>"
        f"<span class='rank'>Registrierter Benutzer</span><span>Sport: Rudern</span>"
        f"<time datetime='{DATES[i]}'>{HUMAN[i]}</time></div><div class='body'><p>{WORDS[i]}</p></div></article>"
        for i in range(4)
    )
    thread = parse(_page(posts), "ranks.html")
    assert [p.author.name for p in thread.posts] == list(NAMES)
    assert all(p.joined is None and p.location is None for p in thread.posts)


def _titled(head: str, headings: str) -> str:
    posts = "".join(
        f"<article class='message'><div class='head'><a href='/members/{NAMES[i].lower()}.{i}/'>{NAMES[i]}</a>"
        f"<time datetime='{DATES[i]}'>{HUMAN[i]}</time></div><div class='body'><p>{WORDS[i]}</p></div></article>"
        for i in range(3)
    )
    return f"<!DOCTYPE html><html><head>{head}</head><body>{headings}{posts}</body></html>"


def test_the_thread_title_is_the_heading_the_page_title_holds_not_the_site_name():
    cases = [
        # the page's title copied into a first heading, the thread's own heading after it
        ("<title>Tomatoes and basil: Hi all, I... - Garden Club</title>",
         "<h1>Tomatoes and basil: Hi all, I... - Garden Club</h1><h1>Tomatoes and basil</h1>"),
        # the site's logo as the first heading
        ("<title>Tomatoes and basil - Garden Club</title>", "<h1>Garden Club</h1><h1>Report this post</h1>"),
        # no <h1>: the <h2> the title begins with, the title's "(View topic) • Site" left out
        ("<title>Tomatoes and basil (View topic) • Garden Club Forum</title>", "<h2>Garden Club Forum</h2><h2>Tomatoes and basil</h2>"),
        # a page title that says nothing of the thread: its heading stands
        ("<title>Garden Club - View topic</title>", "<h1>Tomatoes and basil</h1>"),
    ]
    for head, headings in cases:
        assert parse(_titled(head, headings), "t.html").title == "Tomatoes and basil", head


def test_a_page_title_that_names_only_the_site_leaves_the_heading_the_file_name_repeats():
    page = _titled("<title>Discussions : Garden Club</title>",
                   "<h1>Garden Club</h1><h2>Main navigation</h2><h2>Tomatoes and basil in one bed?</h2>")
    assert parse(page, "www.garden.example.f27.t794.Tomatoes-and-basil-in-one-bed.html").title == "Tomatoes and basil in one bed?"
