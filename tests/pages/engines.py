"""Hand-written thread pages in the markup of each forum engine family, for the HTML reader's tests.

Every page holds the same four posts: Alice opens, Bob quotes her, Carol quotes Bob quoting Alice
(a nested quote) and carries a signature, Dave posts only an image. A script and an iframe sit
inside Carol's post and must never surface.
"""

from __future__ import annotations

ALICE = "Has anyone tried planting tomatoes next to basil in a cold greenhouse this spring"
BOB = "Yes, basil keeps the whiteflies away and both like the same warm soil in my experience"
CAROL = "Thanks both, I will sow them together on Saturday and report back here afterwards"
SIGNATURE = "Carol grows things in the rainy north"
SCRIPT = "window.evilScriptRan = true"
IFRAME = "advert frame text that must not show"
DATES = ("2021-03-01T10:00:00Z", "2021-03-02T11:30:00Z", "2021-03-03T09:15:00Z", "2021-03-04T18:45:00Z")
HUMAN = ("Mar 1, 2021", "Mar 2, 2021", "Mar 3, 2021", "Mar 4, 2021")
NAMES = ("Alice", "Bob", "Carol", "Dave")
TRAPS = f'<script>{SCRIPT}</script><iframe src="https://ads.example/">{IFRAME}</iframe>'


def _page(title: str, posts: str, head: str = "") -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Forum name | " + title + "</title>"
        "<link rel='canonical' href='https://forum.example/threads/tomatoes.42/'>" + head + "</head><body>"
        "<nav class='breadcrumb'><a href='/'>Forums</a> <a href='/garden/'>Garden</a></nav>"
        f"<h1>{title}</h1>{posts}<footer>Contact us</footer></body></html>"
    )


def xenforo() -> str:
    def post(i: int, body: str, sig: str = "") -> str:
        n = NAMES[i]
        return (
            f'<article class="message message--post js-post" data-author="{n}" id="js-post-{i + 1}">'
            f'<div class="message-inner"><div class="message-cell message-cell--user">'
            f'<h4 class="message-name"><a href="/members/{n.lower()}.{i + 7}/" class="username">{n}</a></h4>'
            f'<h5 class="userTitle message-userTitle">Well-known member</h5>'
            f'<dl class="pairs"><dt>Messages</dt><dd>{(i + 1) * 120}</dd></dl></div>'
            f'<div class="message-cell message-cell--main"><header class="message-attribution">'
            f'<a href="/threads/tomatoes.42/post-{i + 1}"><time datetime="{DATES[i]}">{HUMAN[i]}</time></a>'
            f'<a href="/threads/tomatoes.42/post-{i + 1}">#{i + 1}</a></header>'
            f'<div class="message-content"><article class="message-body"><div class="bbWrapper">{body}</div></article>'
            f'{sig}<footer class="message-footer"><a class="actionBar-action" href="#">Like</a>'
            f'<a class="actionBar-action" href="#">Reply</a></footer></div></div></div></article>'
        )

    def quote(name: str, inner: str) -> str:
        return (
            f'<blockquote class="bbCodeBlock bbCodeBlock--quote" data-quote="{name}">'
            f'<div class="bbCodeBlock-title"><a href="#">{name} said:</a></div>'
            f'<div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent">{inner}</div>'
            f'<div class="bbCodeBlock-expandLink"><a>Click to expand...</a></div></div></blockquote>'
        )

    posts = (
        post(0, ALICE)
        + post(1, quote("Alice", ALICE) + BOB)
        + post(2, quote("Bob", quote("Alice", ALICE) + BOB) + CAROL + TRAPS,
               f'<aside class="message-signature"><div class="bbWrapper">{SIGNATURE}</div></aside>')
        + post(3, '<img src="/attachments/greenhouse.jpg" alt="greenhouse.jpg">')
    )
    return _page("Tomatoes and basil", f'<div class="block-body">{posts}</div>')


def vbulletin() -> str:
    def post(i: int, body: str, sig: str = "") -> str:
        n = NAMES[i]
        return (
            f'<li class="postbitlegacy postbitim postcontainer" id="post_{i + 100}">'
            f'<div class="posthead"><span class="postdate"><span class="date">{HUMAN[i]}, <span class="time">10:00</span></span></span>'
            f'<span class="nodecontrols"><a name="post{i + 100}" href="#post{i + 100}" class="postcounter">#{i + 1}</a></span></div>'
            f'<div class="postdetails"><div class="userinfo"><div class="username_container">'
            f'<a class="username offline popupmenu" href="member.php?u={i + 5}"><strong>{n}</strong></a></div>'
            f'<span class="usertitle">Senior Member</span><dl class="userinfo_extra"><dt>Join Date</dt><dd>Jan 2019</dd>'
            f'<dt>Posts</dt><dd>{(i + 1) * 11}</dd></dl></div>'
            f'<div class="postbody"><div class="postrow"><div class="content"><div id="post_message_{i + 100}">'
            f'<blockquote class="postcontent restore">{body}</blockquote></div></div></div>'
            f'{sig}</div></div></li>'
        )

    def quote(name: str, inner: str) -> str:
        return (
            '<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container">'
            f'<div class="bbcode_postedby"><img src="quote_icon.png" alt="Quote"> Originally Posted by <strong>{name}</strong>'
            f' <a href="showthread.php?p=1#post1"><img class="inlineimg" src="viewpost.gif" alt="View Post"></a></div>'
            f'<div class="message">{inner}</div></div></div></div>'
        )

    posts = (
        post(0, ALICE)
        + post(1, quote("Alice", ALICE) + BOB)
        + post(2, quote("Bob", quote("Alice", ALICE) + BOB) + CAROL + TRAPS,
               f'<div class="after_content"><blockquote class="signature restore"><div class="signaturecontainer">{SIGNATURE}</div></blockquote></div>')
        + post(3, '<img src="attachment.php?id=9" alt="greenhouse.jpg">')
    )
    return _page("Tomatoes and basil", f'<ol id="posts" class="posts">{posts}</ol>')


def phpbb() -> str:
    def post(i: int, body: str, sig: str = "") -> str:
        n = NAMES[i]
        return (
            f'<div id="p{i + 10}" class="post has-profile bg{i % 2 + 1}"><div class="inner">'
            f'<dl class="postprofile" id="profile{i + 10}"><dt><a href="./memberlist.php?mode=viewprofile&amp;u={i + 2}" class="username">{n}</a></dt>'
            f'<dd class="profile-rank">Gardener</dd><dd class="profile-posts"><strong>Posts:</strong> {(i + 1) * 7}</dd>'
            f'<dd class="profile-joined"><strong>Joined:</strong> Jan 05, 2019</dd></dl>'
            f'<div class="postbody"><div id="post_content{i + 10}"><h3><a href="#p{i + 10}">Re: Tomatoes and basil</a></h3>'
            f'<p class="author"><a href="./viewtopic.php?p={i + 10}#p{i + 10}">Post</a> by <strong>'
            f'<a href="./memberlist.php?mode=viewprofile&amp;u={i + 2}" class="username">{n}</a></strong> » {HUMAN[i]} 10:00 am</p>'
            f'<div class="content">{body}</div>{sig}</div></div></div></div>'
        )

    def quote(name: str, inner: str) -> str:
        return f"<blockquote><div><cite>{name} wrote:</cite>{inner}</div></blockquote>"

    posts = (
        post(0, ALICE)
        + post(1, quote("Alice", ALICE) + BOB)
        + post(2, quote("Bob", quote("Alice", ALICE) + BOB) + CAROL + TRAPS,
               f'<div id="sig{12}" class="signature">{SIGNATURE}</div>')
        + post(3, '<img src="./download/file.php?id=3" class="postimage" alt="greenhouse.jpg">')
    )
    return _page("Tomatoes and basil", f'<div class="page-body">{posts}</div>')


def discourse() -> str:
    def post(i: int, body: str) -> str:
        n = NAMES[i]
        return (
            f'<div itemscope itemtype="http://schema.org/DiscussionForumPosting" class="topic-body crawler-post">'
            f'<div class="crawler-post-meta"><span class="creator" itemprop="author" itemscope>'
            f'<a itemprop="url" href="/u/{n}"><span itemprop="name">{n}</span></a></span>'
            f'<span class="crawler-post-infos"><time itemprop="datePublished" datetime="{DATES[i]}" class="post-time">{HUMAN[i]}</time>'
            f'<span itemprop="position">#{i + 1}</span></span></div>'
            f'<div class="post" itemprop="articleBody">{body}</div></div>'
        )

    def quote(name: str, inner: str) -> str:
        return (
            f'<aside class="quote no-group" data-username="{name}" data-post="1"><div class="title">'
            f'<div class="quote-controls"></div><img alt="" src="/avatar.png" class="avatar"> {name}:</div>'
            f"<blockquote>{inner}</blockquote></aside>"
        )

    posts = (
        post(0, f"<p>{ALICE}</p>")
        + post(1, quote("Alice", f"<p>{ALICE}</p>") + f"<p>{BOB}</p>")
        + post(2, quote("Bob", quote("Alice", f"<p>{ALICE}</p>") + f"<p>{BOB}</p>") + f"<p>{CAROL}</p>" + TRAPS)
        + post(3, '<p><img src="/uploads/greenhouse.jpeg" alt="greenhouse"></p>')
    )
    # Discourse serves the posts to readers without JavaScript inside <noscript>.
    return _page("Tomatoes and basil", f'<noscript data-path="/t/tomatoes/42"><div id="main-outlet">{posts}</div></noscript>',
                 head="<noscript><iframe src='https://tracker.example/'/></noscript>")


def invision() -> str:
    def post(i: int, body: str) -> str:
        n = NAMES[i]
        return (
            f'<article id="elComment_{i + 50}" class="cPost ipsBox ipsComment ipsComment_parent ipsClearfix">'
            f'<aside class="ipsComment_author cAuthorPane"><h3 class="ipsType_sectionHead cAuthorPane_author">'
            f'<strong><a href="https://forum.example/profile/{i + 3}-{n.lower()}/" class="ipsType_break">{n}</a></strong></h3>'
            f'<ul class="cAuthorPane_info"><li class="ipsType_light">Members</li><li>{(i + 1) * 3} posts</li></ul></aside>'
            f'<div class="ipsColumn ipsColumn_fluid"><div class="ipsComment_meta ipsType_light">'
            f'<a href="#comment-{i}" class="ipsType_blendLinks">Posted <time datetime="{DATES[i]}" title="{HUMAN[i]}">{HUMAN[i]}</time></a></div>'
            f'<div class="cPost_contentWrap"><div data-role="commentContent" class="ipsType_normal ipsType_richText ipsContained">{body}</div>'
            f'<ul class="ipsComment_controls"><li><a href="#" class="ipsButton">Quote</a></li></ul></div></div></article>'
        )

    def quote(name: str, inner: str) -> str:
        return (
            f'<blockquote class="ipsQuote" data-ipsquote="" data-ipsquote-username="{name}">'
            f'<div class="ipsQuote_citation">{name} said:</div><div class="ipsQuote_contents">{inner}</div></blockquote>'
        )

    posts = (
        post(0, f"<p>{ALICE}</p>")
        + post(1, quote("Alice", f"<p>{ALICE}</p>") + f"<p>{BOB}</p>")
        + post(2, quote("Bob", quote("Alice", f"<p>{ALICE}</p>") + f"<p>{BOB}</p>") + f"<p>{CAROL}</p>" + TRAPS)
        + post(3, '<p><img src="https://forum.example/uploads/g.jpg" alt="greenhouse.jpg" class="ipsImage"></p>')
    )
    return _page("Tomatoes and basil", f'<div id="elPostFeed">{posts}</div>')


def vanilla() -> str:
    def post(i: int, body: str) -> str:
        n = NAMES[i]
        kind = "Discussion" if i == 0 else "Comment"
        return (
            f'<li class="Item ItemComment" id="{kind}_{i + 70}"><div class="Comment"><div class="Item-Header CommentHeader">'
            f'<div class="AuthorWrap"><span class="Author"><a title="{n}" href="/profile/{n}" class="PhotoWrap">'
            f'<img src="/avatar.png" alt="{n}" class="ProfilePhoto ProfilePhotoMedium"></a>'
            f'<a href="/profile/{n}" class="Username">{n}</a></span><span class="AuthorInfo"><span class="Rank">Member</span></span></div>'
            f'<div class="Meta CommentMeta CommentInfo"><span class="MItem DateCreated"><a href="/discussion/comment/{i}" class="Permalink">'
            f'<time title="{HUMAN[i]}" datetime="{DATES[i]}">{HUMAN[i]}</time></a></span></div></div>'
            f'<div class="Item-BodyWrap"><div class="Item-Body"><div class="Message userContent">{body}</div></div></div>'
            f'<div class="Reactions"><a class="ReactButton">Like</a></div></div></li>'
        )

    def quote(name: str, inner: str) -> str:
        return f'<blockquote class="Quote UserQuote"><div class="QuoteAuthor"><a href="/profile/{name}">{name}</a> said:</div><div class="QuoteText">{inner}</div></blockquote>'

    posts = (
        post(0, ALICE)
        + post(1, quote("Alice", ALICE) + BOB)
        + post(2, quote("Bob", quote("Alice", ALICE) + BOB) + CAROL + TRAPS)
        + post(3, '<img src="https://forum.example/uploads/g.jpg" alt="greenhouse.jpg">')
    )
    return _page("Tomatoes and basil", f'<ul class="MessageList DataList Comments">{posts}</ul>')


def smf() -> str:
    def post(i: int, body: str, sig: str = "") -> str:
        n = NAMES[i]
        return (
            f'<div class="windowbg{"" if i % 2 else "2"}"><span class="topslice"><span></span></span>'
            f'<div class="post_wrapper"><div class="poster"><h4><a href="https://forum.example/index.php?action=profile;u={i + 4}" '
            f'title="View the profile of {n}">{n}</a></h4><ul class="reset smalltext" id="msg_{i}_extra_info">'
            f'<li class="membergroup">Full Member</li><li class="postcount">Posts: {(i + 1) * 40}</li></ul></div>'
            f'<div class="postarea"><div class="flow_hidden"><div class="keyinfo"><h5 id="subject_{i}">'
            f'<a href="#msg{i}">Re: Tomatoes and basil</a></h5><div class="smalltext">« <strong>Reply #{i} on:</strong> {HUMAN[i]}, 10:00:00 am »</div></div>'
            f'<ul class="reset smalltext quickbuttons"><li class="quote_button"><a href="#">Quote</a></li></ul></div>'
            f'<div class="post"><div class="inner" id="msg_{i}">{body}</div></div></div>'
            f'<div class="moderatorbar">{sig}</div></div><span class="botslice"><span></span></span></div>'
        )

    def quote(name: str, inner: str) -> str:
        return (
            f'<div class="quoteheader"><div class="topslice_quote"><a href="#msg1">Quote from: {name} on {HUMAN[0]}, 10:00:00 am</a></div></div>'
            f'<blockquote class="bbc_standard_quote">{inner}</blockquote><div class="quotefooter"><div class="botslice_quote"></div></div>'
        )

    posts = (
        post(0, ALICE)
        + post(1, quote("Alice", ALICE) + "<br>" + BOB)
        + post(2, quote("Bob", quote("Alice", ALICE) + "<br>" + BOB) + "<br>" + CAROL + TRAPS,
               f'<div class="signature" id="msg_2_signature">{SIGNATURE}</div>')
        + post(3, '<img src="https://forum.example/g.jpg" alt="greenhouse.jpg" class="bbc_img">')
    )
    return _page("Tomatoes and basil", f'<div id="forumposts"><form id="quickModForm">{posts}</form></div>')


ENGINES = {
    "xenforo": xenforo, "vbulletin": vbulletin, "phpbb": phpbb, "discourse": discourse,
    "invision": invision, "vanilla": vanilla, "smf": smf,
}
