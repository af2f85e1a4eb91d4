"""Dates in every common English form, day-first, and never a guess."""

from __future__ import annotations

from datetime import date

import pytest

from casecrawl.parse.dates import find_date, looks_date_like, parse_date

MARCH_3 = date(2021, 3, 3)


@pytest.mark.parametrize(
    "text",
    [
        "3 March 2021",
        "3rd March 2021",
        "3rd of March 2021",
        "Wednesday 3 March 2021",
        "Wednesday, 3rd of March 2021",
        "Wed, 3 Mar 2021",
        "3 Mar. 2021",
        "March 3, 2021",
        "Wednesday, March 3rd, 2021",
        "03/03/2021",
        "3.3.2021",
        "2021-03-03",
        "2021-03-03T09:30:00+00:00",
    ],
)
def test_every_common_form(text):
    assert parse_date(text) == MARCH_3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/03/2021", date(2021, 3, 4)),  # numeric dates are day first on a UK site
        ("12/31/2021", None),  # not a day-first date: no month-first guess
        ("Monday 3 March 2021", None),  # the weekday contradicts the date
        ("March 2021", None),  # no day: not a full date
        ("3 March", None),  # no year
        ("03/03/21", None),  # a two-digit year is ambiguous
        ("31 February 2021", None),
        ("The challenge", None),
        ("5 Sept 2022", date(2022, 9, 5)),
    ],
)
def test_ambiguous_or_impossible_forms_give_none(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "label"),
    [
        ("Published: 3rd March 2021", MARCH_3, "Published"),
        ("Published on 3rd of March 2021", MARCH_3, "Published on"),
        ("Date published: Wed, 3 Mar 2021", MARCH_3, "Date published"),
        ("First published 03/03/2021", MARCH_3, "First published"),
        ("3 March 2021", MARCH_3, ""),
        ("In March 2021 the council began work on a new plan.", None, None),
        ("Opened on 3 March 2021 by the mayor", None, None),  # more than a label and a date
        ("From 3 March 2021 to 4 March 2021", None, None),  # two dates: which one?
    ],
)
def test_date_lines_with_their_labels(text, expected, label):
    assert find_date(text) == (expected, label)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated March 2021", True),
        ("12/03/21", True),
        ("2021-03-03", True),
        ("The council opened three hubs", False),
        ("May the council decide", False),
    ],
)
def test_what_looks_like_a_date(text, expected):
    assert looks_date_like(text) is expected
