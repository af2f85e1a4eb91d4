"""`casecrawl councils match|review|evaluate` and a crawl without the register, run as a user would."""

from __future__ import annotations

import json
import os

import pandas as pd
from support import run_casecrawl


def test_match_prints_one_json_object_per_text():
    result = run_casecrawl("councils", "match", "Wigan Council: parks", "Huddersfield library")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["text"] for line in lines] == ["Wigan Council: parks", "Huddersfield library"]
    assert lines[0]["councils"][0]["code"] == "WGN"
    assert lines[1]["councils"] == []


def test_report_lists_unmatched_and_ambiguous_names(tmp_path):
    row = {
        "id": "a",
        "title": "Somerset: reorganisation",
        "summary": None,
        "body_text": "Work with Puddleby Borough Council and Wigan Council.",
        "council_codes": [],
    }
    pd.DataFrame([row]).to_parquet(tmp_path / "case_studies.parquet")
    result = run_casecrawl("councils", "review", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "with no council: 1 (100.0%)" in result.stdout
    assert "Puddleby Borough Council  (in a)" in result.stdout  # with the case study it is in
    assert "Wigan Council\n" not in result.stdout
    assert "Somerset -> SMT / SOM" in result.stdout


def test_report_is_another_name_for_review(tmp_path):
    pd.DataFrame(
        [{"id": "a", "title": "Puddleby Borough Council", "summary": None, "body_text": "",
          "council_codes": []}]
    ).to_parquet(tmp_path / "case_studies.parquet")  # fmt: skip
    result = run_casecrawl("councils", "report", str(tmp_path))
    assert result.returncode == 0 and "Puddleby Borough Council  (in a)" in result.stdout


def test_evaluate_prints_precision_recall_and_each_miss(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "text,expected_codes\n"
        "Wigan Council: parks,WGN\n"
        "Puddleby and Wigan: a joint plan,WGN;PUD\n"  # PUD is no council: a miss
        "Avon and Somerset Police: knife crime,\n",
        "utf-8",
    )
    result = run_casecrawl("councils", "evaluate", str(labels))
    assert result.returncode == 0, result.stderr
    assert "precision 1.000 (2 of 2 found)" in result.stdout
    assert "recall    0.667 (2 of 3 expected)" in result.stdout
    assert "PUD  Puddleby and Wigan: a joint plan" in result.stdout


def test_evaluate_names_a_file_it_cannot_read(tmp_path):
    bad = tmp_path / "labels.csv"
    bad.write_text("title,codes\nWigan,WGN\n", "utf-8")
    result = run_casecrawl("councils", "evaluate", str(bad))
    assert result.returncode == 2 and str(bad) in result.stderr


def test_crawl_without_a_register_stops_and_says_how_to_get_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CASECRAWL_REGISTER_DIR"}
    env["CASECRAWL_REGISTER_DIR"] = str(tmp_path / "nowhere")
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "casecrawl", "crawl", "--out", str(tmp_path / "data"),
         "--base-url", "http://127.0.0.1:9"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "does not hold the register" in result.stderr
    assert "mysociety" in result.stderr
    assert not (tmp_path / "data" / "snapshots").exists()
