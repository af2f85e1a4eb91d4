"""The libraries' second opinions: trafilatura on the body, htmldate and structured data on
the date, structured data on the title. Each must notice a field read wrong, and accept one
read right."""

from __future__ import annotations

import dataclasses

import pytest
from handmade_site import BASE, VOCABULARY, case, page_html, teaser

from casecrawl.parse.detail import DetailHints
from casecrawl.parse.opinions import second_opinions
from casecrawl.parse.reading import read_detail_page
from casecrawl.parse.template import Sample, TemplatePage, learn_template


@pytest.fixture(scope="module")
def site():
    cases = [case(n) for n in range(12)]
    pages = {
        c["slug"]: TemplatePage(page_html(c), f"{BASE}/case-studies/{c['slug']}", BASE)
        for c in cases
    }
    template = learn_template([Sample(pages[c["slug"]], teaser(c)) for c in cases[:10]], VOCABULARY)
    return cases, pages, template


def opinions(site, n: int, change=None):
    cases, pages, template = site
    c = cases[n]
    page = pages[c["slug"]]
    hints = DetailHints(c["summary"], VOCABULARY.names, True)
    detail = read_detail_page(page, template, teaser(c), VOCABULARY, hints)
    if change:
        detail = change(detail)
    return second_opinions(page, detail, template, page_html(c))


def test_a_page_read_right_has_no_disagreement(site):
    assert opinions(site, 10) == {"title": "", "date": "", "body": ""}  # "": agrees
    assert opinions(site, 9) == {"title": "", "date": "", "body": ""}  # with 'Contact'


def test_a_body_that_lost_its_closing_section_is_noticed(site):
    def drop_contact(detail):
        text = detail.body_text.split("\n\nContact")[0]
        return dataclasses.replace(detail, body_text=text, placed={"body": "per-page rules"})

    assert "Contact" in opinions(site, 9, drop_contact)["body"]


def test_a_wrong_date_is_noticed(site):
    cases = site[0]
    wrong = cases[10]["updated"]  # the 'Last updated' date, taken for the publication date
    found = opinions(site, 10, lambda d: dataclasses.replace(d, published_date=wrong))
    assert "structured data says" in found["date"]


def test_a_wrong_title_is_noticed(site):
    found = opinions(
        site, 10, lambda d: dataclasses.replace(d, title="Local Government Association")
    )
    assert "headline" in found["title"]
