"""The replica: deterministic, slugs as the site makes them, filters with correct counts."""

from __future__ import annotations

import urllib.request

import pytest

from casecrawl.testbed.markups import VARIANTS, get_variant
from casecrawl.testbed.server import ReplicaServer
from casecrawl.testbed.site import ReplicaSite, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Telford & Wrekin Council: Publicly owned solar farm", "telford-wrekin-council-publicly-owned-solar-farm"),
        ("Rutland: Resurrecting an Early Years and Childcare Strategy", "rutland-resurrecting-early-years-and-childcare-strategy"),
    ],
)  # fmt: skip
def test_slug_rule_from_site_notes(title, slug):
    assert slugify(title) == slug


def test_same_seed_same_site():
    a, b = ReplicaSite(200, seed=7), ReplicaSite(200, seed=7)
    assert [c.slug for c in a.case_studies] == [c.slug for c in b.case_studies]
    assert a.expected_rows("http://x") == b.expected_rows("http://x")
    assert len({c.slug for c in a.case_studies}) == 200


def test_site_covers_the_awkward_cases():
    cases = ReplicaSite(2568).case_studies
    assert any(c.summary is None for c in cases)
    assert any(not c.topic_ids for c in cases)
    assert any(not c.shows_date for c in cases)
    assert any(all(b.kind != "heading" for b in c.body) for c in cases)
    assert any(c.old_style and c.teaser_label for c in cases)
    assert any(not c.old_style and c.teaser_label for c in cases)


def test_filters_sorting_and_search():
    site = ReplicaSite(500)
    culture = site.query({"topic[2446]": "2446"})
    assert culture and all(2446 in c.topic_ids for c in culture)
    assert len(culture) == sum(2446 in c.topic_ids for c in site.case_studies)
    support = site.query({"subject[2603]": "2603"})
    assert len(support) == sum(2603 in c.subject_ids for c in site.case_studies)
    asc = site.query({"sort_by": "created", "sort_order": "ASC"})
    assert asc == list(reversed(site.query({"sort_by": "created", "sort_order": "DESC"})))
    by_title = site.query({"sort_by": "title", "sort_order": "ASC"})
    assert [c.title.lower() for c in by_title] == sorted(c.title.lower() for c in by_title)
    word = site.case_studies[0].title.split()[0]
    assert all(word.lower() in c.title.lower() for c in site.query({"keys": word}))
    first = site.case_studies[100].created.date().isoformat()
    in_range = site.query({"from": first, "to": first})
    assert site.case_studies[100] in in_range


# The markups modelled on real CMS themes keep the class names those themes share with each
# other and with 'classic' (Drupal's `node__meta`, `pager__item`, `visually-hidden`, ...).
CMS_MARKUPS = ("localgov", "govuk", "wordpress", "olivero")


def test_variants_share_no_class_names():
    import itertools
    import re

    site = ReplicaSite(50)
    invented = [name for name in VARIANTS if name not in CMS_MARKUPS]
    classes = {}
    for name in invented:
        with ReplicaServer(site, name) as server:
            html = server.listing("page=0") + server.detail(site.case_studies[3])
        classes[name] = {c for attr in re.findall(r'class="([^"]+)"', html) for c in attr.split()}
        assert classes[name], name
    for a, b in itertools.combinations(invented, 2):
        assert classes[a].isdisjoint(classes[b]), (a, b)


def test_server_answers_robots_listing_detail_node_and_gone():
    site = ReplicaSite(40, gone_every=20)
    with ReplicaServer(site, "flat") as server:

        def fetch(path):
            try:
                with urllib.request.urlopen(server.base_url + path) as response:
                    return response.status, response.geturl(), response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, path, ""

        assert "User-agent" in fetch("/robots.txt")[2]
        status, _, html = fetch("/case-studies?sort_by=created&sort_order=DESC&page=0")
        assert status == 200 and "Your search returned" in html
        case = site.case_studies[0]
        status, url, html = fetch(f"/node/{case.nid}")
        assert status == 200 and url.endswith(f"/case-studies/{case.slug}")
        assert fetch(f"/case-studies/{site.case_studies[19].slug}")[0] == 410
        assert fetch("/case-studies/no-such-thing")[0] == 404


def test_unknown_variant_is_named():
    with pytest.raises(ValueError, match="nonesuch"):
        get_variant("nonesuch")
    assert set(VARIANTS) >= {"classic", "flat"}
