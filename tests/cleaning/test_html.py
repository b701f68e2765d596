"""HTML pages: boilerplate inside the article container, headline, standfirst and metadata."""

import json

from trafilatura.utils import load_html

from worker import cleaning
from worker.cleaning import html, learned, rules
from worker.evaluation.cleaning import RulesOnly

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
    for kind, element in INSIDE.items():
        article = clean_page(element)
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


def _links(texts: list[str]) -> str:
    return "<ul>" + "".join(f"<li><a href='/{i}'>{text}</a></li>" for i, text in enumerate(texts)) + "</ul>"


def live_blog(title: str, paragraphs: list[str]) -> str:
    """A page whose article is split into posts, each its own <article>: an extractor takes the first."""
    posts = "".join("<article class='post'>" + "".join(f"<p>{p}</p>" for p in paragraphs[i:i + 3]) + "</article>"
                    for i in range(0, len(paragraphs), 3))
    menu = _links(["Home", "News", "UK", "World", "Politics", "Business", "Sport", "Culture", "Lifestyle", "Travel",
                   "Climate", "Tech"])
    most_read = _links(["Storm warning issued as heavy rain hits the coast", "Ten best budget walking boots tested",
                        "Royal Mail changes delivery days", "Quiz of the week",
                        "What we know about the new train timetable"])
    footer = _links(["About us", "Contact us", "Jobs", "Terms of use", "Privacy policy", "Cookie settings"])
    return (f"<html><head><title>{title} | Example News</title></head><body><nav>{menu}</nav><h1>{title}</h1>"
            f"{posts}<aside><h2>Most read</h2>{most_read}</aside><footer>{footer}</footer></body></html>")


def test_an_article_the_extractor_cut_short_is_found_in_the_whole_page(sample_article, monkeypatch):
    markup = live_blog(sample_article["title"], sample_article["paragraphs"])
    extracted = html.extract(markup, None, rules.load())
    assert len(extracted.text.split()) < 100 < 500 < extracted.page_words  # the first post only
    monkeypatch.setattr(cleaning, "MISSED_WORDS", 400)  # the sample is shorter than the pages the bar is set for
    article = cleaning.clean({"url": "https://example.org/live", "html": markup})
    assert article["paragraphs"] == sample_article["paragraphs"]
    assert article["title"] == sample_article["title"]


def test_visible_words_leave_out_scripts_and_styles():
    tree = load_html("<html><head><style>p { color: red }</style><script>var a = 1;</script></head>"
                     "<body><p>Three visible words</p><noscript>Enable scripts</noscript></body></html>")
    assert html.visible_words(tree) == 3


def test_a_whole_page_longer_than_the_model_judges_leaves_the_extractors_text(sample_article, monkeypatch):
    markup = live_blog(sample_article["title"], sample_article["paragraphs"])
    monkeypatch.setattr(cleaning, "MISSED_WORDS", 400)
    monkeypatch.setattr(learned, "MAX_MODEL_UNITS", 20)  # the page's text has more lines than that
    article = cleaning.clean({"url": "https://example.org/live", "html": markup})
    assert article["paragraphs"] == sample_article["paragraphs"][:3]  # the first post


def test_with_the_rules_alone_no_article_is_found_in_the_whole_page(sample_article, monkeypatch):
    markup = live_blog(sample_article["title"], sample_article["paragraphs"])
    monkeypatch.setattr(cleaning, "MISSED_WORDS", 400)
    article = cleaning.clean({"url": "https://example.org/live", "html": markup}, boilerplate_model=RulesOnly())
    assert article["paragraphs"] == sample_article["paragraphs"][:3]  # the whole page would be longer


def _page_with_candidates(*candidates: str) -> dict:
    """The page (by Jane Smith) with the given standfirst candidates in its header before the real one."""
    markup = page().replace('<p class="standfirst">', "".join(candidates) + '<p class="standfirst">')
    return cleaning.clean({"url": "https://example.org/news/budget", "source": "Example News", "html": markup})


REAL_STANDFIRST = "Roads and schools win as the local tax is frozen for a second year."


def test_a_list_of_links_is_not_a_standfirst():
    jump_links = ('<aside class="key-points"><ul><li><a href="#p1">Council votes 31 to 12 for the budget</a></li>'
                  '<li><a href="#p2">Opposition abstains</a></li><li><a href="#p3">Tax frozen again</a></li></ul></aside>')
    assert _page_with_candidates(jump_links)["standfirst"] == REAL_STANDFIRST


def test_a_standfirst_of_mostly_plain_text_may_hold_a_link():
    linked = ('<div class="dek">The council <a href="/budget">approved its budget</a> after a six-hour debate '
              'over roads, schools and the tax rate.</div>')
    assert _page_with_candidates(linked)["standfirst"] == ("The council approved its budget after a six-hour debate "
                                                          "over roads, schools and the tax rate.")


def test_a_date_is_not_a_standfirst():
    dated = '<div class="dek">June 30, 2026 - 4.34pm</div>'
    assert _page_with_candidates(dated)["standfirst"] == REAL_STANDFIRST


def test_an_author_bio_is_not_a_standfirst():
    bio = '<div class="dek">Jane Smith is a freelance reporter in London.</div>'
    assert _page_with_candidates(bio)["standfirst"] == REAL_STANDFIRST
    other = '<div class="summary__point">Anne Other is a freelance journalist in London, UK.</div>'
    assert _page_with_candidates(other)["standfirst"] == REAL_STANDFIRST
