"""The tables behind the charts, on small hand-made snapshots."""

from __future__ import annotations

from datetime import date

import pandas as pd

from casecrawl.analysis import tables
from casecrawl.analysis.figures import figure_svg, plot_per_year


def case_studies(*rows: dict) -> pd.DataFrame:
    base = {
        "published_date": None,
        "created_month": None,
        "topics": [],
        "regions": [],
        "nations": [],
        "council_types": [],
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def councils(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(case study, council code, role) rows of case_study_councils."""
    names = {"WGN": "Wigan", "LDS": "Leeds", "KEN": "Kent"}
    return pd.DataFrame(
        [
            {
                "case_study_id": case,
                "local_authority_code": code,
                "official_name": names[code],
                "type": "Metropolitan district",
                "region": "North West",
                "role": role,
            }
            for case, code, role in rows
        ]
    )


REGISTER = pd.DataFrame(
    [
        ("WGN", "Wigan", "Metropolitan district", "North West", "England", ""),
        ("LDS", "Leeds", "Metropolitan district", "Yorkshire", "England", ""),
        ("KEN", "Kent", "County", "South East", "England", ""),
        ("OLD", "Old District", "Non-metropolitan district", "East", "England", "2019-04-01"),
    ],
    columns=["code", "official_name", "type", "region", "nation", "end_date"],
)


def test_the_year_comes_from_the_page_then_the_created_month_never_a_guess():
    frame = case_studies(
        {"id": "a", "published_date": date(2021, 3, 1), "created_month": date(2019, 1, 1)},
        {"id": "b", "created_month": date(2019, 5, 1)},
        {"id": "c"},
    )
    years = tables.year_of(frame)
    assert list(years["year"].astype("object").where(years["year"].notna(), None)) == [
        2021,
        2019,
        None,
    ]
    assert list(years["basis"]) == [tables.SHOWN, tables.CREATED, tables.UNDATED]
    per_year = tables.case_studies_per_year(frame)
    assert per_year.to_dict() == {
        tables.SHOWN: {2019: 0, 2021: 1},
        tables.CREATED: {2019: 1, 2021: 0},
    }
    assert tables.undated_count(frame) == 1


def test_topics_count_once_per_case_study_and_follow_the_years():
    frame = case_studies(
        {"id": "a", "topics": ["Culture", "Libraries"], "published_date": date(2020, 1, 1)},
        {"id": "b", "topics": ["Culture", "Culture"], "published_date": date(2021, 1, 1)},
        {"id": "c", "topics": ["Housing"], "published_date": date(2021, 6, 1)},
        {"id": "d", "topics": ["Culture"]},  # undated: in the totals, not over time
    )
    assert tables.top_topics(frame).to_dict() == {"Culture": 3, "Libraries": 1, "Housing": 1}
    assert tables.top_topics(frame, 1).index.tolist() == ["Culture"]
    over_time = tables.topics_over_time(frame, 2)
    assert list(over_time.columns) == ["Culture", "Libraries"]
    assert over_time.to_dict() == {"Culture": {2020: 1, 2021: 1}, "Libraries": {2020: 1, 2021: 0}}


def test_areas_count_a_case_study_once_per_place_and_name_the_unmatched():
    frame = case_studies(
        {"id": "a", "regions": ["London", "London"]},
        {"id": "b", "regions": ["London", "North West"]},
        {"id": "c", "regions": []},
    )
    counts = tables.case_studies_by(frame, "regions")
    assert counts.to_dict() == {"London": 2, "North West": 1, tables.NO_COUNCIL: 1}
    assert counts.index[0] == "London"


def test_councils_ranked_by_case_studies_they_are_the_subject_of():
    links = councils(
        ("a", "WGN", "subject"),
        ("b", "WGN", "subject"),
        ("b", "LDS", "subject"),
        ("c", "LDS", "mentioned"),  # a mention is not a case study about Leeds
        ("c", "KEN", "mentioned"),
    )
    ranked = tables.councils_ranked(links)
    assert list(zip(ranked["local_authority_code"], ranked["case_studies"], strict=True)) == [
        ("WGN", 2),
        ("LDS", 1),
    ]


def test_councils_without_case_studies_are_current_ones_only():
    links = councils(("a", "WGN", "subject"), ("c", "KEN", "mentioned"))
    missing = tables.councils_without_case_studies(links, REGISTER)
    assert list(missing["code"]) == ["KEN", "LDS"]  # by type, then name; OLD has ended
    coverage = tables.coverage_by_council_type(links, REGISTER)
    assert coverage.to_dict("index") == {
        "Metropolitan district": {"with case studies": 1, "without": 1},
        "County": {"with case studies": 0, "without": 1},
    }


def test_changes_count_every_kind_and_the_fields_of_modified_ones():
    changes = pd.DataFrame(
        [
            {"case_study_id": "a", "change": "modified", "fields": ["title", "summary"]},
            {"case_study_id": "b", "change": "modified", "fields": ["summary"]},
            {"case_study_id": "c", "change": "added", "fields": []},
        ]
    )
    assert tables.change_counts(changes).to_dict() == {"added": 1, "removed": 0, "modified": 2}
    assert tables.modified_fields(changes).to_dict() == {"summary": 2, "title": 1}
    empty = changes.iloc[0:0]
    assert tables.change_counts(empty).to_dict() == {"added": 0, "removed": 0, "modified": 0}
    assert tables.modified_fields(empty).empty


def test_completeness_from_the_manifest():
    manifest = {
        "complete": False,
        "reported_total": 10,
        "items_written": 8,
        "gone": ["u1"],
        "refused": {"u2": "too large"},
        "missing": [{"reason": "cue 'title' failed on 1 page(s)", "urls": ["u3"]}],
    }
    assert tables.completeness(manifest) == {
        "complete": False,
        "reported_total": 10,
        "written": 8,
        "gone": 1,
        "refused": 1,
        "missing": ["cue 'title' failed on 1 page(s)"],
    }


def test_a_figure_is_an_svg_whose_text_stays_text():
    frame = case_studies({"id": "a", "published_date": date(2021, 3, 1)})
    svg = figure_svg(plot_per_year(tables.case_studies_per_year(frame), 0))
    assert svg.startswith("<svg")
    assert "Case studies per year" in svg  # a <text> element, not glyph outlines
