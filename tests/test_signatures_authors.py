"""Signatures split off post bodies; authors grouped by name, header fields or signature; mentions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_one_off_trailing_paragraph_after_blank_lines_is_body_text():
    body = "The actual reply.\n\n\n\nThat would fall into the category of driving under the influence"
    result = split_signatures([RawPost(body=body), RawPost(body="Another reply\n\n\n\nwith its own ending.")])
    assert [p.signature for p in result] == [None, None]
    assert result[0].body == body


def test_a_delimiter_line_marks_a_signature_even_once():
    for delimiter in ("-- ", "--", "__________", "-----"):
        body = f"The actual reply.\n{delimiter}\nMarlon and the cats, 1989-2005"
        result = split_signatures([RawPost(body=body)])[0]
        assert result.signature == "Marlon and the cats, 1989-2005", delimiter
        assert result.body == "The actual reply."


def test_a_dash_inside_the_text_or_far_from_the_end_is_no_delimiter():
    body = "First part.\n-----\nSecond part, line one.\nline two\nline three\nline four\nline five"
    assert split_signatures([RawPost(body=body)])[0].signature is None
    assert split_signatures([RawPost(body="Reply.\n-- \n" + "long " * 60)])[0].signature is None


def test_the_same_ending_by_two_different_members_is_not_a_signature():
    posts = [RawPost(name="Ann", body="My answer.\n\nFair enough, I suppose"),
             RawPost(name="Bob", body="His answer.\n\nFair enough, I suppose")]
    assert [p.signature for p in split_signatures(posts)] == [None, None]
    posts.append(RawPost(name="ann", body="Later answer.\nFair enough, I suppose"))
    assert [p.signature for p in split_signatures(posts)] == ["Fair enough, I suppose", None, "Fair enough, I suppose"]


def test_a_multi_line_signature_repeated_by_one_member_is_found_whole():
    sig = "Kind regards,\nVaeltaja from Turku"
    posts = [RawPost(joined="Oct 2015", post_count=7, body=f"One.\n\n{sig}"),
             RawPost(joined="Oct 2015", post_count=7, body=f"Two.\n\n{sig}")]
    assert [p.signature for p in split_signatures(posts)] == [sig, sig]


def test_a_signature_the_page_gave_is_kept():
    post = RawPost(body="Reply.\n\n\n\nOne-off line here", signature="From the page")
    result = split_signatures([post])[0]
    assert result.signature == "From the page" and result.body == post.body


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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ann", "ann", "Bo", "Bo_1", "é", "", "x"]), max_size=6),
       st.lists(st.sampled_from(["Ann", "Anne", "bo", "Bo_1", " ", ".", "é", "xAnn", "@", "\n"]), max_size=12).map("".join))
def test_the_names_present_in_a_text_are_found_alike_for_few_and_many_names(keys, text):
    from index.threads import authors

    by_word = {key: [key] for key in keys}
    whole_words = (set(authors._NAME_WORD.findall(text)) | {""}) & by_word.keys()
    assert set(authors._present(by_word, text)) == whole_words
