"""URL folding: every alias of a case study maps to one canonical URL and slug."""

from __future__ import annotations

import pytest

from casecrawl.urls import (
    canonical_case_study_url,
    case_study_slug,
    listing_page_number,
    listing_query,
    listing_url,
    node_id,
    normalise_base_url,
)

LGA = "https://www.local.gov.uk"


@pytest.mark.parametrize(
    "url",
    [
        "/case-studies/rutland-resurrecting-early-years-and-childcare-strategy",
        "https://www.local.gov.uk/case-studies/rutland-resurrecting-early-years-and-childcare-strategy",
        "http://local.gov.uk/case-studies/rutland-resurrecting-early-years-and-childcare-strategy/",
        "https://www2.local.gov.uk/case-studies/rutland-resurrecting-early-years-and-childcare-strategy?utm=x",
        "https://pas.gov.uk/case-studies/rutland-resurrecting-early-years-and-childcare-strategy#top",
    ],
)
def test_aliases_fold_to_one_slug(url):
    slug = case_study_slug(url, LGA)
    assert slug == "rutland-resurrecting-early-years-and-childcare-strategy"
    assert canonical_case_study_url(slug, LGA) == f"{LGA}/case-studies/{slug}"


@pytest.mark.parametrize(
    "url",
    [
        "/case-studies",
        "/case-studies?page=2",
        "https://example.org/case-studies/not-ours",
        "mailto:someone@local.gov.uk",
        "/case-studies/a/b",
    ],
)
def test_not_case_studies(url):
    assert case_study_slug(url, LGA) is None


def test_node_alias_and_loopback_hosts():
    assert node_id("/node/12345", LGA) == 12345
    assert node_id("/node/12345/edit", LGA) is None
    base = "http://127.0.0.1:8123"
    assert case_study_slug("http://localhost:8123/case-studies/x", base) == "x"
    assert case_study_slug("http://localhost:9999/case-studies/x", base) is None


def test_listing_urls_compare_by_sorted_query_without_page():
    a = listing_url(LGA, 3, "ASC")
    b = f"{LGA}/case-studies?page=7&sort_order=ASC&sort_by=created&to=&from=&keys="
    assert listing_query(a) == listing_query(b)
    assert listing_query(listing_url(LGA, 0, "DESC")) != listing_query(a)
    assert listing_page_number(a) == 3
    assert listing_page_number(f"{LGA}/case-studies") == 0
    assert listing_query(f"{LGA}/case-studies/some-slug") is None


def test_bad_base_url_is_named():
    with pytest.raises(ValueError, match="ftp://x"):
        normalise_base_url("ftp://x")
