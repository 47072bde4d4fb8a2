"""The thread title and forum path of a copied page: the thread's, not the site's; small copies written here."""

from __future__ import annotations

from index.threads.parse import parse

POSTS = """mara
Jun 04, 2020 5:28 PM
My hands have felt numb every morning for two weeks now, should I see a doctor?
0 Helpful
tom_k
Jun 05, 2020 11:58 AM
Yes, please see your doctor soon, numb hands can have many causes worth checking.
0 Helpful
mara
Jun 06, 2020 09:12 AM
Thank you, I made an appointment with my doctor for next Tuesday morning.
0 Helpful
"""


def test_a_title_printed_only_as_the_breadcrumb_s_last_step_is_the_title():
    page = "Log in / Register\nHome\nDiscussions > New Diagnosis > Numb hands every morning?\nGet Involved\n" + POSTS
    thread = parse(page, "Discussions.t79421.Numb-hands-every-morning.txt")  # a browser names a file by the page
    assert thread.title == "Numb hands every morning?"
    assert thread.forum == "Discussions > New Diagnosis"


def test_slashes_make_no_breadcrumb_and_a_pager_is_no_forum_path():
    page = "Login / Register\nHands / Arms / Shoulders\nPage 1 of 2 12 > Last\nNumb hands every morning?\n" + POSTS
    thread = parse(page, "page.txt")
    assert thread.forum is None
    assert thread.title == "Numb hands every morning?"


def test_the_value_of_a_title_label_printed_twice_is_the_title():
    page = "Forum\nWindows\nTip: Found by chance\nThread: Found by chance\nPrint view\nSearch thread\n" + POSTS
    assert parse(page, "page.txt").title == "Found by chance"


def test_a_line_printed_again_under_every_post_date_is_the_title():
    posts = POSTS.replace("PM\n", "PM\nNumb hands\n").replace("AM\n", "AM\nNumb hands\n")
    page = "Health Forum\nHome > Forum > Health Forum\nSign in\nNumb hands\nBack to the topics\n" + posts
    assert parse(page, "health-forum.txt").title == "Numb hands"


def test_a_title_with_a_word_that_begins_like_a_menu_word_is_still_a_title():
    page = "Menu\nSearch\nI noticed my hands go numb in the morning\n" + POSTS
    assert parse(page, "page.txt").title == "I noticed my hands go numb in the morning"
