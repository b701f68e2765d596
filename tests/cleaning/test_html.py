"""HTML pages: boilerplate inside the article container, headline, standfirst and metadata."""

import json

from worker import cleaning

BODY = [
    "The city council approved a new budget on Tuesday after a debate that lasted more than six hours.",
    "Councillors voted 31 to 12 in favour of the plan, with three abstentions from the opposition benches.",
    "The plan raises spending on roads and schools while freezing the local tax rate for a second year.",
    "Critics said the council had not explained how it would pay for the new school buildings it promised.",
    "A final vote on the housing part of the plan is expected next month, according to council officials.",
]
INSIDE = {
    "appeal": "<p>Your support helps us to tell the story. Make a donation to keep our independent journalism free.</p>",
    "newsletter": "<p>Sign up to our free Morning Briefing newsletter, delivered straight to your inbox.</p>",
    "related": "<p>Read more: Council tax rises explained</p>",
    "caption": "<p>(Getty Images)</p>",
    "cookie": "<p>We use cookies to personalise content and ads. Manage your cookie preferences.</p>",
}
LD = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council approves budget after long debate",
      "author": [{"@type": "Person", "name": "Jane Smith"}], "datePublished": "2024-03-01T10:00:00Z"}


def page(*inside: str) -> str:
    paragraphs = [f"<p>{text}</p>" for text in BODY]
    body = "\n".join(paragraphs[:2] + list(inside) + paragraphs[2:])
    return f"""<html><head><title>Council approves budget | Example News</title>
<meta property="og:title" content="Council approves budget after long debate">
<script type="application/ld+json">{json.dumps(LD)}</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="modal"><h1>Log In</h1></div>
<article><header><h1>Council approves budget after long debate</h1>
<p class="standfirst">Roads and schools win as the local tax is frozen for a second year.</p></header>
<div class="article-body">{body}</div></article>
<footer>About us. Contact. Terms.</footer></body></html>"""


def clean_page(*inside: str) -> dict:
    return cleaning.clean({"url": "https://example.org/news/budget", "source": "Example News", "html": page(*inside)})


def test_clean_page_keeps_the_body_and_finds_metadata():
    article = clean_page()
    assert article["paragraphs"] == BODY
    assert article["title"] == "Council approves budget after long debate"
    assert article["standfirst"] == "Roads and schools win as the local tax is frozen for a second year."
    assert article["author"] == "Jane Smith"
    assert article["published_at"] == "2024-03-01T10:00:00+00:00"


def test_boilerplate_inside_the_article_container_is_removed_and_recorded():
    article = clean_page(*INSIDE.values())
    assert article["paragraphs"] == BODY
    assert sorted(r["kind"] for r in article["removed"]) == sorted(INSIDE)


def test_each_kind_alone():
    for kind, html in INSIDE.items():
        article = clean_page(html)
        assert article["paragraphs"] == BODY, kind
        assert [r["kind"] for r in article["removed"]] == [kind]


def test_embedded_tweet_is_pruned():
    tweet = ('<blockquote class="twitter-tweet"><p>Budget day at the council, what a circus this has become '
             'for everyone involved</p>— Some One (@someone) March 1, 2024</blockquote>')
    article = clean_page(tweet)
    assert article["paragraphs"] == BODY


def test_given_title_and_date_win_over_the_page():
    article = cleaning.clean({"url": "https://example.org/b", "html": page(), "title": "Budget passes",
                              "published_at": "2024-03-02T00:00:00Z"})
    assert article["title"] == "Budget passes"
    assert article["published_at"] == "2024-03-02T00:00:00Z"


def test_mojibake_in_html_is_repaired():
    broken = "<p>The mayorâ€™s office met in the town cafÃ© and said the figure would follow.</p>"
    article = clean_page(broken)
    assert "The mayor’s office met in the town café and said the figure would follow." in article["paragraphs"]
