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
