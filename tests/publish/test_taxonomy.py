"""Topic names normalised once, IDs per case study, the topics table and its counts."""

from __future__ import annotations

from datetime import date

import pytest

from casecrawl.parse.filters import FilterOption, filter_options
from casecrawl.publish.taxonomy import (
    Taxonomy,
    apply_taxonomy,
    name_key,
    topic_tallies,
    topics_table,
)

CULTURE = FilterOption("topic", 2446, "Culture")
LIBRARIES = FilterOption("topic", 2449, "Libraries")
TOURISM = FilterOption("topic", 2450, "Culture & Tourism")
COMMS = FilterOption("support_type", 2603, "Communications support")
OPTIONS = {(o.kind, o.id): o for o in (CULTURE, LIBRARIES, TOURISM, COMMS)}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Culture & Tourism", "culture and tourism"),
        ("View allCulture & Tourism articles", "Culture and Tourism"),
        ("  Children  and young\u00a0people ", "children and young people"),
        ("Early Years", "early-years"),
    ],
)
def test_names_are_matched_on_one_key(a, b):
    assert name_key(a) == name_key(b)


def row(slug: str, topics: list[str], published=None) -> dict:
    return {"id": slug, "topics": topics, "published_date": published}


def test_ids_come_from_the_filtered_listings_and_disagreements_are_counted():
    taxonomy = Taxonomy(
        options=OPTIONS,
        members={
            ("topic", 2446): {"a", "b"},
            ("topic", 2449): {"a", "c"},  # c's page does not show Libraries
            ("support_type", 2603): {"b"},
        },
        reported={("topic", 2446): 2, ("topic", 2449): 2, ("support_type", 2603): 1},
        created_month={"a": date(2021, 3, 1)},
    )
    rows = [
        row("a", ["Culture", "Libraries"]),
        row("b", ["culture"]),
        row("c", ["Culture and Tourism"]),
    ]
    out, disagreements = apply_taxonomy(rows, taxonomy)
    a, b, c = out
    assert a["topic_ids"] == [2446, 2449]  # aligned with topics when they agree
    assert b["topic_ids"] == [2446] and b["support_types"] == ["Communications support"]
    assert b["support_type_ids"] == [2603]
    assert c["topic_ids"] == [2449]  # the listing wins
    assert disagreements["listing_only"]["count"] == 1  # c in Libraries' listing only
    assert disagreements["page_only"]["count"] == 1  # c shows Culture & Tourism, not listed
    assert a["created_month"] == date(2021, 3, 1) and a["date_source"] == "listing_filter"
    assert b["created_month"] is None and b["date_source"] == "none"


def test_without_the_walks_ids_come_from_page_names_aligned_with_nulls():
    taxonomy = Taxonomy(options=OPTIONS)
    previous = {"a": {"support_types": ["Communications support"], "support_type_ids": [2603]}}
    out, _ = apply_taxonomy(
        [row("a", ["Culture", "Heritage"], date(2020, 1, 2))], taxonomy, previous
    )
    assert out[0]["topic_ids"] == [2446, None]
    assert out[0]["support_type_ids"] == [2603]  # what the previous snapshot knew
    assert out[0]["date_source"] == "page"


def test_topics_table_slugs_parents_counts_and_unlisted_names():
    taxonomy = Taxonomy(
        options=OPTIONS,
        members={("topic", 2446): {"a", "b"}, ("topic", 2449): {"a"}},
        reported={("topic", 2446): 3, ("topic", 2449): 1, ("topic", 2450): 0,
                  ("support_type", 2603): 0},
        gone={"z"},
    )  # fmt: skip
    rows = [
        {"id": "a", "topics": ["Culture", "Libraries"], "topic_ids": [2446, 2449]},
        {"id": "b", "topics": ["Culture", "Heritage"], "topic_ids": [2446, None]},
    ]
    hrefs = {
        "Culture": "https://www.local.gov.uk/topics/culture",
        "Libraries": "https://www.local.gov.uk/topics/culture/libraries",
    }
    table, mismatches = topics_table(topic_tallies(rows), taxonomy, hrefs)
    by_id = {(t["kind"], t["topic_id"]): t for t in table}
    assert by_id[("topic", 2449)]["slug"] == "libraries"
    assert by_id[("topic", 2449)]["parent_id"] == 2446  # from the URL path
    assert by_id[("topic", 2446)]["case_study_count"] == 2
    unlisted = by_id[("topic", None)]
    assert unlisted["name"] == "Heritage" and unlisted["in_filter_form"] is False
    # Culture: 2 rows, its listing reported 3 and none of them is gone: not explained.
    assert [m["reason"].split(":")[0] for m in mismatches] == ["topic 2446 (Culture)"]
    taxonomy.members[("topic", 2446)].add("z")  # the third one's page is gone: explained
    assert topics_table(topic_tallies(rows), taxonomy, hrefs)[1] == []


def test_parent_by_co_occurrence_when_nothing_else_says():
    taxonomy = Taxonomy(
        options={(o.kind, o.id): FilterOption(o.kind, o.id, o.name) for o in (CULTURE, LIBRARIES)},
        members={("topic", 2446): {"a", "b", "c"}, ("topic", 2449): {"a", "b"}},
    )
    table, _ = topics_table(topic_tallies([]), taxonomy, {})
    assert {t["topic_id"]: t["parent_id"] for t in table} == {2446: None, 2449: 2446}


@pytest.mark.parametrize(
    "form",
    [
        '<label><input type="checkbox" name="topic[2446]" value="2446">Culture</label>'
        '<ul><li><label><input type="checkbox" name="topic[2449]" value="2449">Libraries'
        "</label></li></ul>",
        '<select name="topic"><option value="All">- All -</option>'
        '<optgroup label="Culture"><option value="2446">Culture</option>'
        '<option value="2449">Libraries</option></optgroup></select>',
        '<select name="topic"><option value="2446">Culture</option>'
        '<option value="2449">-- Libraries</option></select>',
        '<ul><li><a href="/case-studies?topic%5B2446%5D=2446">Culture</a><ul><li>'
        '<a href="/case-studies?topic%5B2449%5D=2449">Libraries</a></li></ul></li></ul>',
    ],
    ids=["checkboxes", "optgroup", "indented", "facet-links"],
)
def test_filter_form_options_ids_and_nesting(form):
    html = f"<html><body><form><ul><li>{form}</li></ul></form></body></html>"
    options = filter_options(html, "https://www.local.gov.uk/case-studies")
    assert [(o.id, o.name, o.parent_id) for o in options] == [
        (2446, "Culture", None),
        (2449, "Libraries", 2446),
    ]
