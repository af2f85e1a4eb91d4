"""Teasers' parts, packed until the template reads them."""

from __future__ import annotations

from support import PAGES

from casecrawl.fetch.teaser_parts import TeaserParts
from casecrawl.parse.listing import parse_listing_page

BASE = "https://www.local.gov.uk"


def classic_teasers():
    html = (PAGES / "classic" / "listing-page-0.html").read_text("utf-8")
    return parse_listing_page(html, f"{BASE}/case-studies?page=0", BASE).teasers


def test_a_kept_teaser_loses_its_parts_and_gets_them_back_intact():
    parts = TeaserParts()
    teaser = classic_teasers()[0]

    kept = parts.keep(teaser)

    assert teaser.parts and kept.parts == ()
    assert kept.title == teaser.title and kept.summary == teaser.summary
    assert parts.restored(kept) == teaser
    assert parts.restored(kept) == teaser  # restored, still kept


def test_taken_parts_are_forgotten_so_a_teaser_is_read_once():
    parts = TeaserParts()
    kept = [parts.keep(t) for t in classic_teasers()]

    first = parts.taken(kept[0])

    assert first.parts != () and len(parts) == len(kept) - 1
    assert parts.taken(kept[0]) is kept[0]  # nothing left to give back


def test_parts_no_template_will_read_are_not_kept():
    parts = TeaserParts()
    parts.keep(classic_teasers()[0])

    parts.forget_all()
    later = parts.keep(classic_teasers()[1])

    assert len(parts) == 0 and later.parts == ()
