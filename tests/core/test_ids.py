from worker.core.ids import article_id, content_hash, normalise_url


def test_normalised_url_ignores_case_tracking_fragment_and_trailing_slash():
    a = normalise_url("HTTPS://WWW.Example.com/News/Story/?utm_source=x&b=2&a=1#comments")
    b = normalise_url("https://example.com/News/Story?a=1&b=2")
    assert a == b == "https://example.com/News/Story?a=1&b=2"


def test_id_prefers_the_given_id_then_url_then_text():
    assert article_id({"id": " abc ", "url": "https://x.org/1"}) == "abc"
    by_url = article_id({"url": "https://x.org/1?utm_medium=email"})
    assert by_url == article_id({"url": "https://www.x.org/1/"}) and by_url.startswith("url-")
    by_text = article_id({"text": "Some  text\nhere"})
    assert by_text == article_id({"text": "Some text here"}) and by_text.startswith("txt-")
    assert article_id({}) is None


def test_content_hash_is_stable_sha256():
    assert content_hash("body") == content_hash("body")
    assert content_hash("body") != content_hash("Body")
    assert content_hash("x").startswith("sha256:") and len(content_hash("x")) == 71
