"""The template learned from a sample of one site's pages, on the markups the issue that asked
for it describes: a site-name h1 above the title, a photo credit between the title and the
summary, 'Last updated' before the publication date (which JSON-LD also gives), a download
block and a feedback widget on every page, topics in a side block headed 'Topics', a first
section headed 'Background', a closing 'Contact' section on some pages. Body text is ours."""

from __future__ import annotations

import json

import pytest
from handmade_site import BASE, VOCABULARY, case, page_html, teaser

from casecrawl.parse.detail import join_blocks
from casecrawl.parse.template import (
    Sample,
    SiteTemplate,
    TemplatePage,
    learn_template,
    read_case_study,
)


@pytest.fixture(scope="module")
def site():
    cases = [case(n) for n in range(14)]
    pages = {
        c["slug"]: TemplatePage(page_html(c), f"{BASE}/case-studies/{c['slug']}", BASE)
        for c in cases
    }
    samples = [Sample(pages[c["slug"]], teaser(c)) for c in cases[:10]]
    return cases, pages, learn_template(samples, VOCABULARY)


def read(site, n: int):
    cases, pages, template = site
    c = cases[n]
    return c, read_case_study(pages[c["slug"]], template, teaser(c), VOCABULARY)


@pytest.mark.parametrize("n", [3, 10, 12, 13])  # sample pages and pages outside the sample
def test_every_field_is_read_where_the_site_keeps_it(site, n):
    c, reading = read(site, n)
    assert reading.title == c["title"]  # not the site name in the first h1
    assert reading.summary == c["summary"]  # not the photo credit before it
    assert reading.published_date == c["published"]  # not 'Last updated' before it
    assert reading.topics == [c["topic"]]  # the side block headed 'Topics'
    want = "\n\n".join(text for _, text in c["body"])
    if c["contact"]:
        want += "\n\nContact\n\nWrite to the parks team at the town hall."
    assert join_blocks(reading.body) == want  # 'Background' and 'Contact' kept, downloads not
    assert reading.misses == []


def test_the_template_names_its_paths_and_the_chrome(site):
    _, _, template = site
    data = template.to_json()
    assert data["fields"]["title"]["path"].endswith("h1.title")
    assert data["fields"]["summary"]["path"].endswith("p.standfirst")
    assert data["fields"]["title"]["sample_agreement"] == 1.0
    chrome = " ".join(data["chrome"])
    assert "download the full case study" in chrome and "is this page useful?" in chrome


def test_a_page_without_a_visible_date_takes_structured_datas(site):
    cases, _, template = site
    c = dict(cases[11])
    html = page_html(c).replace(f'<p class="stamp">Published {c["published"]:%d %B %Y}</p>', "")
    page = TemplatePage(html, f"{BASE}/case-studies/{c['slug']}", BASE)
    reading = read_case_study(page, template, teaser(c), VOCABULARY)
    assert reading.published_date == c["published"]
    assert reading.cues["published_date"].startswith("structured data")


def test_a_page_not_as_the_sample_was_is_a_miss(site):
    cases, _, template = site
    c = cases[12]
    html = page_html(c).replace('class="title"', 'class="heading"')
    page = TemplatePage(html, f"{BASE}/case-studies/{c['slug']}", BASE)
    reading = read_case_study(page, template, teaser(c), VOCABULARY)
    assert any(miss.startswith("the title") for miss in reading.misses)


def test_the_template_goes_to_json_and_reads_pages_the_same(site):
    cases, pages, template = site
    again = SiteTemplate.from_json(json.loads(json.dumps(template.to_json())))
    for c in cases[10:]:
        page = pages[c["slug"]]
        first = read_case_study(page, template, teaser(c), VOCABULARY)
        second = read_case_study(page, again, teaser(c), VOCABULARY)
        assert (first.title, first.summary, first.published_date, first.topics) == (
            second.title,
            second.summary,
            second.published_date,
            second.topics,
        )
        assert join_blocks(first.body) == join_blocks(second.body)
