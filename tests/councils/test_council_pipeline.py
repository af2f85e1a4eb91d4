"""council_fields: subjects from title/summary (else the first paragraph), links per council."""

from __future__ import annotations

from datetime import date

from pipelines.councils import council_fields, first_paragraph


def item(title, summary, body):
    return {"id": "x", "title": title, "summary": summary, "body_text": body}


def test_subjects_and_mentions(matcher):
    fields, links, _ = council_fields(
        item(
            "Aylesbury Vale District Council: growth",
            "Working with Wigan Council.",
            "The plan.\n\nLater, Sefton Council joined.",
        ),
        matcher,
    )
    assert fields["council_codes"] == ["AYL", "WGN"]
    assert fields["council_names"] == [
        "Aylesbury Vale District Council",
        "Wigan Metropolitan Borough Council",
    ]
    assert fields["nations"] == ["England", "England"]
    assert fields["councils_mentioned"] == ["AYL", "WGN", "SFT"]
    by_code = {link["local_authority_code"]: link for link in links}
    assert by_code["AYL"]["role"] == "subject" and by_code["AYL"]["field"] == "title"
    assert by_code["AYL"]["end_date"] == date(2020, 3, 31)
    assert by_code["AYL"]["successor_code"] == "BUC"
    assert by_code["SFT"]["role"] == "mentioned" and by_code["SFT"]["field"] == "body"
    assert by_code["SFT"]["matched_text"] == "Sefton Council"


def test_first_body_paragraph_when_title_and_summary_name_none(matcher):
    fields, _, _ = council_fields(
        item(
            "Tackling loneliness",
            None,
            "The challenge\n\nFife Council set up hubs.\n\nCardiff Council too.",
        ),
        matcher,
    )
    assert fields["council_codes"] == ["FIF"]
    assert fields["councils_mentioned"] == ["FIF", "CRF"]


def test_no_council():
    assert first_paragraph("Heading\n\nA long first paragraph of the body text here.") == (
        "A long first paragraph of the body text here."
    )


def test_an_abolished_council_resolves_to_the_one_that_existed_on_the_case_studys_date(matcher):
    # Allerdale Borough Council ended on 2023-04-01, replaced by Cumberland (CBD).
    title = "Allerdale Borough Council: coastal paths"
    before = {**item(title, None, "The plan."), "published_date": date(2022, 5, 1)}
    after = {**item(title, None, "The plan."), "published_date": date(2024, 5, 1)}
    undated = item(title, None, "The plan.")
    (b, b_links, _), (a, a_links, _), (u, _, _) = (
        council_fields(x, matcher) for x in (before, after, undated)
    )
    assert b["council_codes"] == ["ALL"] and b_links[0]["named_code"] is None
    assert a["council_codes"] == ["CBD"]
    assert (a_links[0]["local_authority_code"], a_links[0]["named_code"]) == ("CBD", "ALL")
    assert a_links[0]["matched_text"] == "Allerdale Borough Council"  # the evidence as written
    assert u["council_codes"] == ["ALL"]  # no date: the council named


def test_a_council_split_between_successors_stays_the_one_named(matcher):
    # Northamptonshire County Council was split between North and West Northamptonshire.
    later = {
        **item("Northamptonshire County Council: roads", None, "x"),
        "published_date": date(2025, 1, 1),
    }
    fields, links, _ = council_fields(later, matcher)
    assert fields["council_codes"] == ["NTH"] and links[0]["named_code"] is None
