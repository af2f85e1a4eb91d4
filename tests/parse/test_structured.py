"""Structured data (extruct): JSON-LD in an @graph, microdata, OpenGraph and meta tags."""

from __future__ import annotations

from datetime import date

from casecrawl.parse.structured import read_structured_data

GRAPH = """<html><head><script type="application/ld+json">{"@context": "https://schema.org",
"@graph": [{"@type": "WebSite", "name": "LGA"}, {"@type": "WebPage", "name": "Page | LGA"},
{"@type": "Article", "headline": "Parks renewed", "description": "How parks were renewed.",
"datePublished": "2021-03-03T09:00:00+00:00", "dateModified": "2022-06-14"}]}</script>
</head><body></body></html>"""


def test_the_article_of_a_json_ld_graph_gives_headline_description_and_dates():
    data = read_structured_data(GRAPH, "https://x.test/a")
    assert (data.headline, data.description) == ("Parks renewed", "How parks were renewed.")
    assert (data.published, data.modified) == (date(2021, 3, 3), date(2022, 6, 14))
    assert data.sources["published"] == "json-ld"


def test_meta_tags_and_opengraph_stand_in_when_there_is_no_json_ld():
    html = """<html><head><meta property="og:title" content="Parks renewed | LGA">
    <meta property="article:published_time" content="2021-03-03T09:00:00+00:00">
    <meta name="description" content="How parks were renewed."></head><body></body></html>"""
    data = read_structured_data(html, "https://x.test/a")
    assert data.published == date(2021, 3, 3)
    assert data.sources["published"] == "meta article:published_time"
    assert data.headline == "Parks renewed | LGA"
    assert data.description == "How parks were renewed."


def test_broken_json_ld_says_nothing_and_breaks_nothing():
    html = '<html><head><script type="application/ld+json">{"@type": </script></head></html>'
    data = read_structured_data(html, "https://x.test/a")
    assert data.published is None and data.headline is None
