"""The matcher follows the council-mention policy in docs/councils.md, form by form."""

from __future__ import annotations

from pathlib import Path

import pytest

from casecrawl.councils.evaluation import read_labels, score
from casecrawl.councils.matcher import match_councils

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Rutland County Council: Early years", ["RUT"]),  # official name
        ("Wigan Council: Tackling loneliness", ["WGN"]),  # X Council
        ("High Peak Borough Council and Staffordshire Moorlands District Council", ["HIG", "STF"]),
        ("London Borough of Camden: housing", ["CMD"]),
        ("Royal Borough of Greenwich: parks", ["GRE"]),
        ("City of York Council: data", ["YOR"]),
        ("Barnsley MBC: libraries", ["BNS"]),
        ("Sefton Council's approach to care", ["SFT"]),  # possessive
        ("Telford & Wrekin Council: solar farm", ["TFW"]),  # '&' for 'and'
        ("St. Helens Council: apprenticeships", ["SHN"]),  # 'St.' for 'St'
        ("WIGAN COUNCIL: upper case", ["WGN"]),
        ("Rutland: Resurrecting a strategy", ["RUT"]),  # bare area name as subject
        ("Wigan commissions leisure services", ["WGN"]),
        ("Kirkby town centre regeneration, Knowsley", ["KWL"]),  # Kirkby is a town, not a council
        ("Vacant bus station transformation in Stevenage", ["STV"]),
        ("Huddersfield's new library", []),
        ("Aylesbury Vale District Council: growth", ["AYL"]),  # abolished: its own entry
        ("Greater Manchester Combined Authority: skills", ["GMCA"]),
        ("Avon and Somerset Police: knife crime", []),
        ("University of Leeds research", []),
        ("NHS Greater Manchester Integrated Care Partnership", []),
        ("North Yorkshire – Culture and Local Government Reorganisation", []),  # ambiguous
        ("Reading Between the Lines", []),
        ("Libraries in Reading", ["RDG"]),
        ("Cardiff Council and Fife Council and Belfast City Council", ["CRF", "FIF", "BFS"]),
    ],
)
def test_name_forms(matcher, text, codes):
    assert [m.code for m in matcher.match(text).councils] == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # Everyday short names derived by rule from the official area names.
        ("Hull: warm homes for older residents", ["KHL"]),  # Kingston upon X -> X
        ("Stoke: a skills hub", ["STE"]),  # A-on-B -> A
        ("Southend: the pier and the seafront", ["SOS"]),
        ("Kingston: libraries", []),  # two councils share 'Kingston': ambiguous, not guessed
        ("Thames: river crossings", []),  # 'Thames' is in two names: no short form
        # Typography: 'Saint' for 'St', typographic apostrophes.
        ("Saint Helens: parks", ["SHN"]),
        ("Sefton Council’s approach to care", ["SFT"]),
        # Partnerships and regions sharing words with a council or a combined authority.
        ("Leeds City Region: skills", []),
        ("The North East partnership for growth", []),
        ("Working across the North East", []),
        ("North East Combined Authority: adult education", ["NECA"]),
        # Initials of a three-word area name, with 'Council' after; never bare.
        ("NPT Council: school meals", ["NTL"]),
        ("A grant from NPT for school meals", []),
        # A name that begins with a small word in lower case.
        ("Flood plans for the Vale of Glamorgan", ["VGL"]),
        # An area name that is also a word counts listed after a council, not after a word.
        ("Wigan, Bury and Salford share a fostering service", ["WGN", "BUR", "SLF"]),
        ("Music, Bury and Wigan", ["WGN"]),
    ],
)
def test_everyday_forms_typography_and_regions(matcher, text, codes):
    assert [m.code for m in matcher.match(text).councils] == codes


def test_ambiguous_names_are_reported_not_guessed(matcher):
    result = matcher.match("Somerset: Reorganisation")
    assert result.councils == []
    assert result.ambiguous == [("Somerset", ("SMT", "SOM"))]


def test_match_councils_output_shape(matcher):
    [result] = match_councils(["Wigan Council: parks"], matcher)
    assert result == {
        "text": "Wigan Council: parks",
        "councils": [
            {
                "code": "WGN",
                "gss_code": "E08000010",
                "name": "Wigan Metropolitan Borough Council",
                "matched_text": "Wigan Council",
                "start": 0,  # where the evidence starts in the text
                "rule": "official",  # the register names it so (an alternative name)
            }
        ],
    }


@pytest.mark.parametrize("name", ["council_mentions.csv", "council_mentions_real_titles.csv"])
def test_quality_on_labelled_sets(matcher, name):
    scores = score(read_labels(DATA / name), matcher)
    assert scores.precision >= 0.97, scores.false_hits
    assert scores.recall >= 0.95, scores.misses


def test_labelled_set_covers_the_policy():
    import csv

    with (DATA / "council_mentions.csv").open(encoding="utf-8") as handle:
        categories = {row["category"] for row in csv.DictReader(handle)}
    assert {
        "several", "abolished", "official_name", "x_council", "london_borough_of",
        "royal_borough_of", "city_of_x_council", "mbc", "possessive", "ampersand", "st_dot",
        "case_punct", "bare_area", "welsh", "scottish", "northern_irish", "none",
    } <= categories  # fmt: skip
    assert len(read_labels(DATA / "council_mentions.csv")) >= 150
