"""The page-copy dialect keeps each post header to the page's usual header: small page copies written for the test."""

from __future__ import annotations

from index.threads.parse import parse


def _names(thread):
    return [post.author.name for post in thread.posts]


def _texts(thread):
    return ["\n".join(block.text for block in post.blocks) for post in thread.posts]


SIDEBAR_OVER_FIRST_HEADER = """Forum > Werkstatt > Gitarren
Halsreparatur an einer alten Gitarre

Beliebte Beiträge
3 für holzwurm
Beitrag Nr. 4, 02.03.21 um 10:15 Uhr
1 für saitenfee
Beitrag Nr. 2, 01.03.21 um 18:40 Uhr

saitenfee Mitglied
Im Board seit:
04.05.12
Beiträge:
310
Erstellt: 01.03.21   #1
Der Hals meiner alten Gitarre hat einen Riss am Kopf, lohnt sich da eine Reparatur noch?

holzwurm Mitglied
Im Board seit:
11.09.09
Beiträge:
2.204
Erstellt: 01.03.21   #2
Ja, ein sauberer Riss lässt sich leimen, das hält danach meistens besser als vorher.

saitenfee Mitglied
Im Board seit:
04.05.12
Beiträge:
311
Erstellt: 02.03.21   #3
Danke, dann bringe ich sie nächste Woche zum Gitarrenbauer in meiner Nähe.
"""


def test_a_dated_sidebar_entry_over_the_first_header_is_not_the_first_post_s():
    thread = parse(SIDEBAR_OVER_FIRST_HEADER, "hals.txt")
    assert _names(thread) == ["saitenfee", "holzwurm", "saitenfee"]
    assert thread.posts[0].date == "2021-03-01"
    assert "Beitrag Nr. 4" not in _texts(thread)[0]


SHORT_POSTS_BETWEEN_HEADERS = """Forums > Cameras > Lenses
Which lens for birds?
anna_m
Messages:
120
May 1, 2020
#1
Which lens would you take for birds in the garden, on a small budget and a crop body?
ben77
Messages:
45
May 1, 2020
#2
A used 100-400.
carla
Messages:
981
May 2, 2020
#3
Nice one
dave_k
Messages:
12
May 2, 2020
#4
I would look at a used 100-400 as well, it is sharp enough and not too heavy to carry around.
"""


def test_a_short_post_and_the_next_author_do_not_become_one_header():
    thread = parse(SHORT_POSTS_BETWEEN_HEADERS, "birds.txt")
    assert _names(thread) == ["anna_m", "ben77", "carla", "dave_k"]
    assert [text.strip() for text in _texts(thread)[1:3]] == ["A used 100-400.", "Nice one"]
