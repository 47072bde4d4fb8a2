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


SIGN_OFFS_OVER_REACTIONS = """Discussions > Health > New here
Tired all the time?
Get Involved
tom_r
Jun 04, 2020 5:28 PM
Does anyone else feel tired all the time, even after a long night of good sleep?

Thanks,
Tom
0 Helpful
nina_b
Jun 05, 2020 11:58 AM
Yes, and it got better for me once my doctor checked my iron levels and vitamin D.
2 Helpful
tom_r
Jun 06, 2020 09:12 AM
Thank you, I will ask my doctor about the iron and vitamin D at my next visit.
Cheers
Tom
1 Helpful
nina_b
Jun 06, 2020 10:40 AM
Good luck, and let us know what the doctor says about it when you have the results.
0 Helpful
"""


def test_a_sign_off_over_the_reaction_count_is_the_text_before_not_the_next_name():
    thread = parse(SIGN_OFFS_OVER_REACTIONS, "tired.txt")
    assert _names(thread) == ["tom_r", "nina_b", "tom_r", "nina_b"]
    assert "Tom" in _texts(thread)[0]


QUOTED_NAMES_TELL_THE_NAME_LINE = """Home > Forums > Tools
Which drill?
Start new topic
drillbit    3
Member
12 posts
Posted May 1, 2020
Which cordless drill would you buy for a few shelves and a bird house?
Share this post
woodchuck    40
Senior Member
420 posts
Posted May 1, 2020
drillbit said:
Which cordless drill would you buy for a few shelves and a bird house?
Any 18 V drill from a known brand will do for that, buy one with two batteries.
Share this post
sawdust    7
Member
35 posts
Posted May 2, 2020
@woodchuck is right, and a set of good bits matters more than the drill itself.
Share this post
"""


def test_names_the_page_quotes_or_addresses_tell_which_header_line_holds_names():
    thread = parse(QUOTED_NAMES_TELL_THE_NAME_LINE, "drill.txt")
    assert _names(thread) == ["drillbit", "woodchuck", "sawdust"]


NAMES_WITH_NUMBERS = """Forums > Cars > Classics
Spare part wanted
Author
Discussion

old_volvo

Original Poster

25 posts

18 months

[report]
Monday 2nd March
Does anyone have a spare door handle for an old estate, in the light grey?

Kit 2

263 posts

19 months

[report]
Monday 2nd March
I have one in the shed, it is the dark grey one though, would that still help you?

RS 4 EVER

1,204 posts

96 months

[report]
Tuesday 3rd March
Try the breakers' yards near you, they often have the light grey ones for cheap.
"""


def test_a_name_with_a_number_in_it_is_a_name_and_a_name_over_its_post_count_too():
    thread = parse(NAMES_WITH_NUMBERS, "handle.txt")
    assert _names(thread)[1:] == ["Kit 2", "RS 4 EVER"]


def test_the_first_header_reaches_no_farther_up_than_the_others_so_the_title_is_no_name():
    thread = parse(NAMES_WITH_NUMBERS, "handle.txt")
    assert _names(thread)[0] == "old_volvo"


def test_a_role_after_the_name_on_its_line_is_no_part_of_the_name():
    page = """Community > Help
Notifications keep popping up
ann_lee
March 30
How do I turn off the notifications that keep popping up on my screen every hour?
0
Kim T. mod
April 2
Go to the settings, open Notifications and switch off the ones you do not need.
0
ann_lee
April 3
That worked, thank you, the screen is quiet now and nothing pops up anymore.
0
"""
    thread = parse(page, "notes.txt")
    assert _names(thread) == ["ann_lee", "Kim T.", "ann_lee"]


BADGES_AND_STARTER_MARKS = """Forum > Hardware > Arbeitsspeicher
Welcher RAM für den neuen Rechner?
K
kabelsalat
Kapitän
Ersteller dieses Themas
Dabei seit
Juni 2018
Beiträge
278
23. April 2020
#1
Welchen RAM würdet ihr für einen neuen Rechner mit viel Bildbearbeitung nehmen?

M
moosmann
Senior-Moderator
Teammitglied
Dabei seit
Feb. 2010
Beiträge
3.779
23. April 2020
#2
Zwei Riegel mit je 16 GB reichen für Bildbearbeitung locker aus, mehr braucht es nicht.

P
platine
Leutnant
Dabei seit
Jan. 2014
Beiträge
512
24. April 2020
#3
Dem schließe ich mich an, nimm ein Kit mit zwei Riegeln, dann läuft es auch sicher.
"""


def test_a_starter_mark_and_a_team_badge_under_the_rank_keep_the_name_in_the_header():
    thread = parse(BADGES_AND_STARTER_MARKS, "ram.txt")
    assert _names(thread) == ["kabelsalat", "moosmann", "platine"]
    assert thread.posts[0].original_poster and not thread.posts[1].original_poster


QUOTED_LABEL_LINE = """Forums > Sports > Boxing
Greatest of all time?
ringside Black Belt
Joined:
Dec 2, 2013
Messages:
6,767
May 1, 2019
#1
Who is the greatest of all time for you, and why that one above all the others?
jabber Black Belt
Joined:
Feb 2, 2015
Messages:
93
May 1, 2019
#2
My pick, again:
The one who never lost a title fight in twelve years at the top of his division.
ringside Black Belt
Joined:
Dec 2, 2013
Messages:
6,768
May 2, 2019
#3
jabber said:
My pick, again:
The one who never lost a title fight in twelve years at the top of his division.
Click to expand...
Fair enough, that is a strong pick and hard to argue with for anyone here.
"""


def test_a_line_the_page_quotes_is_text_even_where_it_looks_like_a_header_label():
    thread = parse(QUOTED_LABEL_LINE, "goat.txt")
    assert _names(thread) == ["ringside", "jabber", "ringside"]
    assert _texts(thread)[1].startswith("My pick, again:")


NAME_UNDER_A_SHORT_POST = """Forum > Phones > Homescreens
Show your homescreen
A
anton
Member
04.03.2019
#1
Show us your homescreens, with the launcher and the icons you use on it.
B
bea
Regular
05.03.2019
#2

cid
Member
06.03.2019
#3
Mine is plain: the stock launcher with a dark wallpaper and four icons.
D
dora
Regular
07.03.2019
#4
Nice and plain, I like that more than all the widgets people put on theirs.
E
emil
Newcomer
08.03.2019
#5
Here is mine, with a photo of my dog as the wallpaper and no icons at all.
"""


def test_a_post_with_no_text_does_not_take_the_next_author_into_its_header():
    thread = parse(NAME_UNDER_A_SHORT_POST, "home.txt")
    assert _names(thread) == ["anton", "bea", "cid", "dora", "emil"]


BEST_ANSWER_PREVIEW = """Community > Security > Scans
Scheduled scan does not start
Solved
mira_t
Explorer
4 months ago
My scheduled scan has not started for a week now, what can I check first?
Best answer by olaf_k 31 January 2020, 12:29
Please reinstall the program, then restart and update the databases once.
View original
olaf_k
Moderator
4 months ago
Please reinstall the program, then restart and update the databases once.
Like
mira_t
Explorer
3 months ago
Thanks, after the reinstall the scheduled scan runs every morning again.
Like
"""


def test_a_best_answer_shown_over_the_thread_is_not_a_post_of_its_own():
    thread = parse(BEST_ANSWER_PREVIEW, "scan.txt")
    assert _names(thread) == ["mira_t", "olaf_k", "mira_t"]
    assert "Best answer by olaf_k 31 January 2020, 12:29" in thread.chrome


QUOTED_WHOLE_POST_IS_NO_PREVIEW = """Forum > Web > Blogs
Which blog software?
15.12.2019 14:10 #1
lena_b
Registriert seit
Dec 2007
Which blog software would you host yourself for a small school, with easy writing?
15.12.2019 15:02  -
#2
tom_w
Registriert seit
Jul 2005
A plain blog engine on your own server does that, with a user role per writer.
16.12.2019 09:30 #3
lena_b
Registriert seit
Dec 2007
Zitat von tom_w
A plain blog engine on your own server does that, with a user role per writer.
Thanks, I will try that one on our own server over the holidays and report back.
17.12.2019 10:45 #4
tom_w
Registriert seit
Jul 2005
Good luck, and keep it updated, that matters more than which one you choose.
"""


def test_a_post_quoted_later_in_full_stays_a_post():
    thread = parse(QUOTED_WHOLE_POST_IS_NO_PREVIEW, "blog.txt")
    assert _names(thread) == ["lena_b", "tom_w", "lena_b", "tom_w"]


TITLE_INSIDE_THE_FIRST_HEADER = """Forum > Allgemein > Webdesign
Wie aufwendig ist ein eigenes Forum für unsere Schule
Ergebnis 1 bis 3 von 3
16.03.2020 13:10  -
Wie aufwendig ist ein eigenes Forum für unsere Schule
#1
jeanluc
Registriert seit
May 2006
Guten Tag zusammen, wie viel Arbeit macht ein eigenes Forum für eine kleine Schule?
16.03.2020 20:20  -
#2
lookbehind
Registriert seit
Dec 2007
Nicht viel, wenn jemand die Updates einspielt, der sich mit Servern auskennt.
16.03.2020 21:39  -
#3
multi
Registriert seit
Apr 2010
Schau dir auch die fertigen Angebote an, dann musst du dich um nichts kümmern.
"""


def test_the_thread_title_printed_inside_the_first_header_keeps_it_one_header():
    thread = parse(TITLE_INSIDE_THE_FIRST_HEADER, "forum.txt")
    assert _names(thread) == ["jeanluc", "lookbehind", "multi"]
    assert thread.posts[0].number == 1
    assert thread.title == "Wie aufwendig ist ein eigenes Forum für unsere Schule"
