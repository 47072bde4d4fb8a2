"""Signatures split off post bodies; authors grouped by name, header fields or signature; mentions."""

from __future__ import annotations

from index.model import Author, Paragraph, Post
from index.threads.authors import find_mentions, identify
from index.threads.dialects.common import RawPost
from index.threads.signatures import split_signatures


def test_a_last_line_repeated_across_posts_is_a_signature():
    posts = [RawPost(body="First answer here.\n\nCheers, Bob the builder"),
             RawPost(body="No sign-off in this one."),
             RawPost(body="Second answer.\nCheers, Bob the builder")]
    result = split_signatures(posts)
    assert [p.signature for p in result] == ["Cheers, Bob the builder", None, "Cheers, Bob the builder"]
    assert [p.body for p in result] == ["First answer here.", "No sign-off in this one.", "Second answer."]
    assert posts[0].signature is None, "the input is not changed"


def test_a_line_set_apart_by_three_blank_lines_is_a_signature():
    body = "The actual reply.\n\n\n\nMarlon and the cats, 1989-2005"
    assert split_signatures([RawPost(body=body)])[0].signature == "Marlon and the cats, 1989-2005"


def test_two_blank_lines_or_a_long_tail_are_still_body():
    two = "Reply.\n\n\nStill the reply."
    long_tail = "Reply.\n\n\n\n" + "a long last paragraph " * 30
    result = split_signatures([RawPost(body=two), RawPost(body=long_tail)])
    assert [p.signature for p in result] == [None, None]
    assert result[0].body == two


def test_a_post_that_is_only_the_repeated_line_keeps_it_as_body():
    posts = [RawPost(body="Who knows where the time goes?"), RawPost(body="x\nWho knows where the time goes?"),
             RawPost(body="y\nWho knows where the time goes?")]
    result = split_signatures(posts)
    assert result[0].body == "Who knows where the time goes?" and result[0].signature is None
    assert result[1].signature == result[2].signature == "Who knows where the time goes?"


def test_named_posts_keep_their_name_and_share_a_key():
    authors = identify([RawPost(name="Chlodio"), RawPost(name="Futurist"), RawPost(name="Chlodio")], salt="t")
    assert [a.label for a in authors] == ["Chlodio", "Futurist", "Chlodio"]
    assert authors[0].key == authors[2].key != authors[1].key
    other_thread = identify([RawPost(name="Chlodio")], salt="u")
    assert other_thread[0].key == authors[0].key, "a name means the same member in every thread"


def test_unnamed_posts_with_equal_header_fields_share_a_key_and_label():
    va = dict(joined="Oct 2015", post_count=766, location="Virginia")
    authors = identify([RawPost(**va), RawPost(joined="Oct 2015", post_count=12, location="Ohio"), RawPost(**va),
                        RawPost(joined="Mar 2014", post_count=5)], salt="t")
    assert authors[0] == authors[2]
    assert authors[0].name is None and authors[0].label == "member from Virginia, joined Oct 2015"
    assert authors[1].key != authors[0].key
    assert authors[3].label == "member joined Mar 2014"


def test_same_place_and_month_but_different_counts_get_distinct_labels():
    authors = identify([RawPost(joined="Oct 2015", post_count=766, location="Virginia"),
                        RawPost(joined="Oct 2015", post_count=5, location="Virginia")], salt="t")
    assert authors[0].key != authors[1].key and authors[0].label != authors[1].label
    assert "766" in authors[0].label


def test_anonymous_posts_share_a_key_only_through_a_signature():
    authors = identify([RawPost(signature="Who knows where the time goes?"), RawPost(),
                        RawPost(signature="Who knows where the time goes?"), RawPost()], salt="t")
    assert authors[0].key == authors[2].key
    assert len({authors[0].key, authors[1].key, authors[3].key}) == 3
    assert [a.label for a in authors] == ["anonymous #1", "anonymous #2", "anonymous #1", "anonymous #3"]
    assert identify([RawPost()], salt="other")[0].key != identify([RawPost()], salt="t")[0].key


def _post(i: int, text: str, name: str | None = None) -> Post:
    return Post(index=i, author=Author(name, f"k{i}", name or f"anonymous #{i}"), blocks=(Paragraph(text),))


def test_mentions_of_addressed_people_and_named_authors():
    posts = find_mentions((
        _post(0, "Opening words.", name="Chlodio"),
        _post(1, "Sorry ashton, I missed your point."),
        _post(2, "As Chlodio argued, and @vael_taja too."),
        _post(3, "Thanks all, this was useful."),
    ))
    assert posts[1].mentions == ("ashton",)
    assert set(posts[2].mentions) == {"Chlodio", "vael_taja"}
    assert posts[3].mentions == () and posts[0].mentions == ()
