"""The page-copy dialect on small copies of forum pages written for the test, one per engine family."""

from __future__ import annotations

import pytest

from index.threads.dialects.dates import find_date
from index.threads.parse import parse

VBULLETIN_DE = """Forum > Software > Editoren
Welchen Editor nehmt ihr?
Druckbare Version zeigen
Thema durchsuchen
14.12.2019, 21:42 #1
Kurt
Erfahrener Benutzer
Registriert seit
Dec 2007
Beiträge
1.653
Hallo zusammen, welchen Editor benutzt ihr für lange Texte am liebsten?
Zitieren
15.12.2019, 15:02 #2
Marta
Neuling
Registriert seit
Jul 2015
Beiträge
12
Zitat von Kurt
Hallo zusammen, welchen Editor benutzt ihr für lange Texte am liebsten?
Ich nehme seit Jahren einen ganz einfachen Editor, das reicht völlig.
Zitieren
16.12.2019, 09:10 #3
Kurt
Erfahrener Benutzer
Registriert seit
Dec 2007
Beiträge
1.654
Danke euch beiden, dann bleibe ich wohl bei dem, was ich schon habe.
Zitieren
Impressum
Datenschutz
Alle Zeiten sind GMT +1
"""

XENFORO = """Log in Register
Home
Forums > Cars > First cars
Best first car on a budget?
alice_k
Well-known member
Joined:
Mar 8, 2010
Messages:
3,597
May 15, 2018
#1
What would you buy as a first car on a small budget, and why that one?
Like Reply
bob_the_driver
Member
Joined:
Jan 2, 2015
Messages:
42
May 16, 2018
#2
alice_k said:
What would you buy as a first car on a small budget, and why that one?
Click to expand...
Something old and simple, with parts that you can still find anywhere.
Like Reply
alice_k
Well-known member
Joined:
Mar 8, 2010
Messages:
3,598
May 16, 2018
#3
Thanks, that is the kind of answer I was hoping to get here.
Like Reply
You must log in or register to reply here.
Share:
Facebook Twitter Reddit
This site uses cookies to help personalise content and to keep you logged in.
"""

PHPBB = """Board index > Hardware > Printers
Printer will not wake up
Post a reply
3 posts • Page 1 of 1
Printer will not wake up
by greywolf » Fri May 08, 2009 2:03 am
My printer does not wake up from standby any more after the last driver update.
greywolf
Posts: 12
Joined: Mon Oct 08, 2007 1:34 am
Top
Re: Printer will not wake up
by techie_anne » Fri May 08, 2009 11:56 pm
greywolf wrote:My printer does not wake up from standby any more after the last driver update.
Roll the driver back and switch the power saving mode off in the settings menu.
techie_anne
Moderator
Posts: 2866
Joined: Sun Oct 07, 2007 9:07 pm
Location: France
Top
Re: Printer will not wake up
by greywolf » Sat May 09, 2009 1:39 am
That did it, many thanks for the quick and friendly help here.
greywolf
Posts: 13
Joined: Mon Oct 08, 2007 1:34 am
Top
Display posts from previous:
Jump to
Powered by phpBB® Forum Software © phpBB Limited
"""

DISCOURSE = """Sign Up Log In
Layers on select realms
General Discussion
kaivax 14 May 2020 22:19 #1
At this time we are contracting from two layers to one on all realms in this region.
7 Likes
pmmo 17 May 2020 23:20 #2
We did it, thank you for listening to all of us in the forums this week.
3 Likes
grobbu 18 May 2020 08:05 #3
Bad form, the queues on my realm are still as long as they were last month.
Reply
Related Topics
"""

VANILLA = """Home › Categories › Central
How to disable notification
tthorsson
September 2019 in Central
Hi! This message pops up every time I start my computer and I want it gone.
0
Comments
bqpd ✭
September 2019
If you do not need the separate program then just uninstall it, it is a stand alone tool.
0
garioch7 ✭✭
October 2019
I get the same annoying pop-up on my laptop, but only when I use the wireless network.
0
Sign In or Register to comment.
"""

INVISION = """Start new topic
Recommended Posts
rockett    6
Advanced Member
31 posts
Report post
Posted August 19, 2013
We are always looking for ways to make the program better, and we need your ideas.
Share this post
Link to post
Beasly    82
Advanced Member
1,142 posts
Report post
Posted August 20, 2013
For an administrator you are not too organised, where is the survey link?
Share this post
Link to post
rockett    6
Advanced Member
31 posts
Report post
Posted August 21, 2013
The survey link is at the end of the first post, it shows for everyone here.
Share this post
Link to post
Go To Topic Listing
"""

SMF = """Home Help Search Login Register
Forum Index > Gardening > Roses
Author Topic: Roses in pots (Read 321 times)
rosa
Newbie
Posts: 12
Roses in pots
« on: May 08, 2009, 02:03:12 AM »
Quote
Can roses grow in pots on a balcony that faces north for most of the day?
bigthumb
Jr. Member
Posts: 50
Re: Roses in pots
« Reply #1 on: May 09, 2009, 10:00:00 PM »
Quote
Some climbing varieties cope with shade, but they will flower less than in the sun.
rosa
Newbie
Posts: 13
Re: Roses in pots
« Reply #2 on: May 10, 2009, 08:15:00 AM »
Quote
Thanks, I will try a climbing variety and report back in the summer.
"""

FRENCH = """Accueil > Forums > Jardinage
Tailler un olivier en pot
Répondre
Paul_M
Membre
Inscrit le 3 mars 2015
le 3 mars 2020 à 14h05
Bonjour, quand faut-il tailler un olivier qui vit en pot sur une terrasse ?
Répondre Citer
Jeanne
Modératrice
Inscrit le 12 juin 2011
le 4 mars 2020 à 09h30
Paul_M a écrit :
Bonjour, quand faut-il tailler un olivier qui vit en pot sur une terrasse ?
Au printemps, après les dernières gelées, et toujours avec un outil bien propre.
Répondre Citer
Paul_M
Membre
Inscrit le 3 mars 2015
le 5 mars 2020 à 18h45
Merci beaucoup, je vais attendre la fin des gelées avant de commencer la taille.
Répondre Citer
Mentions légales
"""

# No post numbers, the name and the date on one line.
NO_NUMBERS = """Talk > Pregnancy
Questions for the midwife
(3 Posts)
Add message | Report
sugarplum Thu 21-Nov-19 10:53:49
Dear all, which questions did you ask your midwife at the very first appointment?
Add message | Report
paperplant Thu 21-Nov-19 11:07:27
Following as a first-time mother myself, this sounds like a really useful thread.
Add message | Report
jenny31 Thu 21-Nov-19 11:18:01
Ask about the scans and what happens if the baby comes early, that helped me a lot.
Add message | Report
"""

# Names are links under an avatar that shows the member's initial on a line of its own.
INITIALS = """Forum > Arbeitsspeicher
RAM Upgrade auf 32 GB
G
GrumpyDude
Lieutenant
Dabei seit
Okt. 2007
Beiträge
933
22. April 2020
#1
Hallo, habe ein Board mit zwei freien Steckplätzen und möchte auf 32 GB aufrüsten.
L
LGTT1
Lieutenant
Dabei seit
Mai 2012
Beiträge
719
22. April 2020
#2
Betreibst du den Speicher übertaktet oder reicht dir das normale Profil völlig aus?
B
Baal Netbeck
Vice Admiral
Dabei seit
Apr. 2008
Beiträge
6.418
23. April 2020
#3
Wie viel traust du dir beim manuellen Einstellen zu, hast du Spaß daran?
Antworten
"""


def _names(thread):
    return [post.author.name for post in thread.posts]


def _first_text(thread):
    return [post.own_text.split("\n")[0] for post in thread.posts]


def test_vbulletin_german_headers_numbers_dates_and_quote():
    thread = parse(VBULLETIN_DE, "vb.txt")
    assert thread.dialect == "pagecopy"
    assert _names(thread) == ["Kurt", "Marta", "Kurt"]
    assert [p.number for p in thread.posts] == [1, 2, 3]
    assert [p.date for p in thread.posts] == ["2019-12-14T21:42", "2019-12-15T15:02", "2019-12-16T09:10"]
    assert thread.posts[0].date_shown == "14.12.2019, 21:42"
    assert thread.posts[1].joined == "Jul 2015" and thread.posts[1].post_count == 12
    quote = thread.posts[1].quotes[0]
    assert quote.source == 0 and "welchen Editor" in quote.text
    assert "Zitieren" not in "\n".join(p.own_text for p in thread.posts)
    assert "Impressum" in thread.chrome and "Impressum" not in thread.posts[-1].own_text


def test_xenforo_said_and_click_to_expand_become_a_quote():
    thread = parse(XENFORO, "xf.txt")
    assert _names(thread) == ["alice_k", "bob_the_driver", "alice_k"]
    assert thread.title == "Best first car on a budget?"
    assert thread.forum == "Forums > Cars > First cars"
    assert thread.posts[1].post_count == 42 and thread.posts[1].joined == "Jan 2, 2015"
    quote = thread.posts[1].quotes[0]
    assert quote.source == 0 and quote.source_author == "alice_k"
    assert thread.posts[1].own_text.endswith("you can still find anywhere.")
    assert "Click to expand..." in thread.chrome
    assert all("Like Reply" not in p.own_text for p in thread.posts)
    assert "cookies" not in thread.posts[-1].own_text


def test_phpbb_by_name_anchor_and_wrote_quote():
    thread = parse(PHPBB, "phpbb.txt")
    assert _names(thread) == ["greywolf", "techie_anne", "greywolf"]
    assert [p.date for p in thread.posts] == ["2009-05-08T02:03", "2009-05-08T23:56", "2009-05-09T01:39"]
    quote = thread.posts[1].quotes[0]
    assert quote.source == 0 and quote.text.startswith("My printer does not wake up")
    # The member's profile printed under the text is held aside (its name line may stay: a known limit).
    assert "in the settings menu." in thread.posts[1].own_text
    assert "Posts: 2866" not in thread.posts[1].own_text and "Posts: 2866" in thread.chrome
    assert "Top" in thread.chrome


def test_discourse_name_date_number_lines_and_like_counts():
    thread = parse(DISCOURSE, "discourse.txt")
    assert _names(thread) == ["kaivax", "pmmo", "grobbu"]
    assert [p.number for p in thread.posts] == [1, 2, 3]
    assert _first_text(thread)[1].startswith("We did it")
    assert "7 Likes" in thread.chrome and all("Likes" not in p.own_text for p in thread.posts)


def test_vanilla_month_dates_and_badges():
    thread = parse(VANILLA, "vanilla.txt")
    assert _names(thread) == ["tthorsson", "bqpd", "garioch7"]
    assert [p.date for p in thread.posts] == ["2019-09", "2019-09", "2019-10"]
    assert _first_text(thread)[2].startswith("I get the same annoying pop-up")


def test_invision_name_with_reputation_and_posted_line():
    thread = parse(INVISION, "ips.txt")
    assert _names(thread) == ["rockett", "Beasly", "rockett"]
    assert [p.post_count for p in thread.posts] == [31, 1142, 31]
    assert [p.rank for p in thread.posts] == ["Advanced Member"] * 3
    assert all("Share this post" not in p.own_text for p in thread.posts)


def test_smf_reply_lines():
    thread = parse(SMF, "smf.txt")
    assert _names(thread) == ["rosa", "bigthumb", "rosa"]
    assert [p.number for p in thread.posts] == [None, 1, 2]
    assert thread.posts[1].date == "2009-05-09T22:00"
    assert _first_text(thread)[1].startswith("Some climbing varieties")


def test_french_dates_buttons_and_ecrit_quote():
    thread = parse(FRENCH, "fr.txt")
    assert _names(thread) == ["Paul_M", "Jeanne", "Paul_M"]
    assert [p.date for p in thread.posts] == ["2020-03-03T14:05", "2020-03-04T09:30", "2020-03-05T18:45"]
    assert thread.posts[1].quotes[0].source == 0 and thread.posts[1].quotes[0].source_author == "Paul_M"
    assert all("Répondre" not in p.own_text for p in thread.posts)


def test_no_post_numbers_name_and_date_on_one_line():
    thread = parse(NO_NUMBERS, "mn.txt")
    assert _names(thread) == ["sugarplum", "paperplant", "jenny31"]
    assert [p.number for p in thread.posts] == [None, None, None]
    assert thread.posts[2].date == "2019-11-21T11:18"
    assert all("Add message" not in p.own_text for p in thread.posts)


def test_avatar_initials_on_their_own_line():
    thread = parse(INITIALS, "cb.txt")
    assert _names(thread) == ["GrumpyDude", "LGTT1", "Baal Netbeck"]
    assert [p.joined for p in thread.posts] == ["Okt. 2007", "Mai 2012", "Apr. 2008"]
    assert [p.post_count for p in thread.posts] == [933, 719, 6418]
    assert _first_text(thread)[0].startswith("Hallo, habe ein Board")


def test_text_without_a_repeating_header_stays_plain():
    text = "Notes\n\nOne paragraph of prose that is not a forum page at all.\n\nAnother one, written on May 3, 2020.\n"
    assert parse(text, "notes.txt").dialect == "plain"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Apr 22, 2020", "2020-04-22"),
        ("5. Januar 2019 um 03:32", "2019-01-05T03:32"),
        ("le 3 mars 2020 à 14h05", "2020-03-03T14:05"),
        ("Sat, Jun 18 '05, 10:24 AM", "2005-06-18T10:24"),
        ("Thu 21-Nov-19 10:53:49", "2019-11-21T10:53"),
        ("22.04.2020", "2020-04-22"),
        ("Okt. 2007", "2007-10"),
        ("11 days ago", None),
        ("vor 3 Tagen", None),
        ("il y a 2 jours", None),
    ],
)
def test_dates_in_english_german_french(line, iso):
    found = find_date(line)
    assert found is not None and found.iso == iso


def test_words_that_are_not_dates():
    assert find_date("I have 5 apples and 3 pears") is None
    assert find_date("May I ask something?") is None


BUTTONS_ONLY = """Garden Talk
Sign in
Home
Topics

Which compost for tomatoes?

leafmould
•2 Replies

Which compost do you use for tomatoes grown in large pots on a balcony?

Reply
(0)
Report
hedgehog_99

Any peat free multipurpose compost works, just feed them every week.

Reply
(0)
Report
leafmould
in reply to hedgehog_99

Thanks, I will try a peat free one and feed them weekly from June.

Reply
(3)
Report
Related topics
"""


def test_posts_closed_by_button_lines_with_no_dates():
    thread = parse(BUTTONS_ONLY, "buttons.txt")
    assert thread.dialect == "pagecopy"
    assert _names(thread) == ["leafmould", "hedgehog_99", "leafmould"]
    assert _first_text(thread)[1].startswith("Any peat free")
    assert "Related topics" in thread.chrome
    assert all("Report" not in p.own_text for p in thread.posts)


def test_month_and_day_without_year_opening_a_line():
    assert find_date("March 30 in Central").text == "March 30"
    assert find_date("may 3 people come") is None


SAYS_HEADERS = """Health Talk > Medicines > Discussions
Sleeping pills and coffee

ron_b Says:
Mon, Feb 03 '14, 9:12 AM

Does coffee in the morning undo a sleeping pill taken at night?

REPLY REPORT

Was this helpful?
1
Dana K Says:
Tue, Feb 04 '14, 6:40 PM

Not for me, but I stop coffee after lunch anyway.

REPLY REPORT
2
ron_b Says:
Wed, Feb 05 '14, 7:02 AM

Thanks, I will stop after lunch as well and see.

REPLY REPORT
"""


def test_name_says_line_over_a_date_is_a_header_not_a_quote():
    thread = parse(SAYS_HEADERS, "says.txt")
    assert _names(thread) == ["ron_b", "Dana K", "ron_b"]
    assert all(not p.quotes for p in thread.posts)
    assert all("Says:" not in p.own_text for p in thread.posts)


RANK_ON_NAME_LINE = """Boards > Music > Guitars
Cracked headstock, repair or not?
ann_b Senior Forum Guitar Player
Posts:
120
Created: 21.04.20 #1
My headstock has a crack along the grain behind the nut, is it worth a repair at all or should I sell it?
carl Senior Forum Guitar Player
Posts:
3.402
Created: 21.04.20 #2
Yes, a good luthier glues that for little money and it holds for years, mine has held for a decade now.
ann_b Senior Forum Guitar Player
Posts:
121
Created: 22.04.20 #3
Thanks, I will ask a luthier near me this week and report back here once the glue has set properly.
"""


def test_a_long_rank_printed_on_the_name_line_is_cut_off():
    thread = parse(RANK_ON_NAME_LINE, "rank.txt")
    assert _names(thread) == ["ann_b", "carl", "ann_b"]


TOOLS_BEFORE_POSTS = """Home
Forums
Latest Posts
Watched Threads

Glue for a cracked headstock

Thread tools
Show printable version
Email this page
Page 1 of 3
12.03.2020, 10:15 #1
ann_b
My headstock has a crack along the grain behind the nut, which glue would you use for it here?
13.03.2020, 11:20 #2
carl
Hide glue or a thin wood glue, clamped for a day, and it holds for years without a visible seam.
"""


def test_the_file_name_tells_the_title_among_menu_lines():
    assert parse(TOOLS_BEFORE_POSTS, "glue-for-a-cracked-headstock.123.txt").title == "Glue for a cracked headstock"


def test_a_title_printed_again_after_a_label_wins_over_menu_lines():
    text = TOOLS_BEFORE_POSTS.replace("Thread tools\n", "Thread: Glue for a cracked headstock\nThread tools\n")
    assert parse(text, "copy.txt").title == "Glue for a cracked headstock"


NAME_COLON_QUOTES = """Handtaschen > Laber-Ecke
Welche Tasche für den Sommer?
mara_k 5. Januar 2019 um 03:32 #1

Hallo

Hallo zusammen, welche Tasche nehmt ihr diesen Sommer mit an den Strand und in die Stadt?

lenchen 5. Januar 2019 um 10:12 #2

Kurz

Ich nehme meinen alten Korb, der passt zu allem und hält seit Jahren gut durch den Sommer.

mara_k 5. Januar 2019 um 11:40 #3
lenchen:

Ich nehme meinen alten Korb, der passt zu allem und hält seit Jahren gut durch den Sommer.

Ein Korb ist eine gute Idee, danke dir, ich schaue mich mal nach einem schönen Korb um.

lenchen 5. Januar 2019 um 12:02 #4

Gerne

Zeig dann mal ein Bild von dem Korb, wenn du einen gefunden hast, da bin ich gespannt.
"""


def test_a_short_first_line_and_a_name_colon_quote_stay_in_the_text():
    thread = parse(NAME_COLON_QUOTES, "bags.txt")
    assert _names(thread) == ["mara_k", "lenchen", "mara_k", "lenchen"]
    assert _first_text(thread)[1] == "Kurz"
    assert thread.posts[2].own_text.startswith("lenchen:") or thread.posts[2].quotes


def test_a_month_and_day_with_a_note_after_it_is_no_header_date():
    assert find_date("August 24th (Grand Prix weekend)") is None


SENTENCE_BEFORE_LABEL = """Forums > Games > Racing
Racing game announced
gearhead
Messages:
39
May 15, 2018
#1
The new racing game will be announced in forty minutes.
Release date:
August 24th
pitwall
Messages:
120
May 16, 2018
#2
Thanks for the news, I have been waiting for this one for a long time now.
"""


def test_a_sentence_over_a_label_line_is_the_post_text_not_its_header():
    thread = parse(SENTENCE_BEFORE_LABEL, "race.txt")
    assert _first_text(thread)[0] == "The new racing game will be announced in forty minutes."


QUOTE_WITH_DATE = """Forum > Garten > Rosen
Rosen im Kübel
Beitrag von rosi » 12 Jan 2018, 12:27

Kann man Rosen im Kübel auf einem Nordbalkon halten, oder wird das nichts mit der Blüte?
Nach oben
Beitrag von gruenfink » 12 Jan 2018, 16:02

rosi hat geschrieben: ↑
12 Jan 2018, 12:27
Kann man Rosen im Kübel auf einem Nordbalkon halten, oder wird das nichts mit der Blüte?
Ja, Kletterrosen kommen mit Schatten zurecht, blühen aber weniger als in der Sonne.
Nach oben
Beitrag von rosi » 13 Jan 2018, 09:10

Danke, dann versuche ich es mit einer Kletterrose und berichte im Sommer, wie es lief.
Nach oben
"""


def test_a_quote_marker_and_its_date_stay_one_quote_in_the_post():
    thread = parse(QUOTE_WITH_DATE, "rosen.txt")
    assert _names(thread) == ["rosi", "gruenfink", "rosi"]
    assert thread.posts[1].quotes and thread.posts[1].quotes[0].source == 0
    assert "rosi hat geschrieben" in "\n".join(block.text for block in thread.posts[1].blocks)


SUBJECT_THEN_GREETING = """Forum > Windows > Tipps
Zufällig gefundene Lösungen
Zitieren
08.11.2009, 11:49 #1
kurt_w
Mitglied
Zufällig gefundene Lösungen
Hallo
Bei mir dauerte der Start der Installation zwanzig Minuten, bis ich das Diskettenlaufwerk abschaltete.
Zitieren
10.11.2009, 17:21 #2
mara
Moderator
AW: Zufällig gefundene Lösungen
Hallo
Danke, bei mir war es ein Kartenleser, der den Start genauso lange aufgehalten hat, nun geht es schnell.
Zitieren
"""


def test_the_subject_line_closes_a_header_and_a_repeated_greeting_is_text():
    thread = parse(SUBJECT_THEN_GREETING, "tipps.txt")
    assert _names(thread) == ["kurt_w", "mara"]
    assert _first_text(thread)[1] == "Hallo"


NAME_DATE_NUMBER = """Forum > Garden > Roses
Pruning roses in autumn
Alice 15/05/19
Last reply 2 days ago
I cut mine back hard every October and they come back stronger each spring.
Quote | Report
Bob 16/05/19 #2
Last reply 2 days ago
Same here, though I leave the climbers alone until late winter.
Quote | Report
Carol 5. Januar 2019 um 20:38 #3
Last reply 2 days ago
Thanks both, that settles it for my garden this year.
Quote | Report
"""


def test_the_date_and_number_on_the_name_line_are_no_rank():
    thread = parse(NAME_DATE_NUMBER, "roses.txt")
    assert _names(thread) == ["Alice", "Bob", "Carol"]
    assert [p.rank for p in thread.posts] == [None, None, None]
    assert [p.date[:10] for p in thread.posts] == ["2019-05-15", "2019-05-16", "2019-01-05"]


def test_a_title_with_a_colon_in_it_wins_over_the_sites_name():
    text = TOOLS_BEFORE_POSTS.replace("Glue for a cracked headstock\n", "Guitar Forums | Luthiers & Repairs\nFree fix: glue for a cracked headstock\n")
    assert parse(text, "free-fix-glue-for-a-cracked-headstock.123.txt").title == "Free fix: glue for a cracked headstock"


TITLE_UNDER_AUTHOR = """Menu
Search
Sign in Join
 ann_b 12/03/20
Last reply 2 days ago
Glue for a cracked headstock?

My headstock has a crack along the grain behind the nut, which glue would you use for it here?
Reply
 carl 13/03/20
Hide glue or a thin wood glue, clamped for a day, and it holds for years without a visible seam.
Reply
"""


def test_a_title_printed_under_the_first_author_is_found_by_the_file_name():
    assert parse(TITLE_UNDER_AUTHOR, "topic.glue-for-a-cracked-headstock-7.txt").title == "Glue for a cracked headstock?"
    # without the file name to confirm it, the first post's opening line is not taken for the title
    assert parse(TITLE_UNDER_AUTHOR, "copy.txt").title != "Glue for a cracked headstock?"
