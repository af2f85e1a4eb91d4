"""datapackage.json: what frictionless reads from the CSV files is what the writer wrote, the
keys hold, and every file is a resource with its size and checksum."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import frictionless
import pytest
from support import EARLIER, NOW, case_study_row, link_row, snapshot_manifest, topic_row
from support import snapshot_tables as tables

from casecrawl.dataset.schema import FOREIGN_KEYS, PRIMARY_KEYS, TABLES
from casecrawl.publish.datapackage import FileFacts, csv_field, data_package, source_title
from casecrawl.publish.writer import SnapshotWriter


def validate(snapshot) -> frictionless.Report:
    return frictionless.validate(str(snapshot / "datapackage.json"))


def error_types(report: frictionless.Report) -> set[str]:
    return {error.type for task in report.tasks for error in task.errors}


@pytest.fixture
def snapshot(tmp_path):
    return SnapshotWriter(tmp_path).write(tables(), snapshot_manifest(), [], publish=True)


def test_written_snapshot_validates_and_reads_back_what_was_written(snapshot):
    report = validate(snapshot)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = frictionless.Package(str(snapshot / "datapackage.json"))

    rows = {r["id"]: r for r in package.get_resource("case_studies").read_rows()}
    assert set(rows) == {"a", "c"}
    c = rows["c"]
    assert c["title"] == "'=SUM(A1) is not a formula"  # as a spreadsheet should show it
    assert c["summary"] is None and c["published_date"] is None
    assert c["published_date_raw"] == "Summer 2021"
    assert c["created_month"] == date(2021, 6, 1)
    assert c["topics"] == ["Culture", "Heritage"]
    assert c["topic_ids"] == ["2446", ""]  # a null ID is an empty item
    assert c["support_type_ids"] == [2604]
    assert c["links"] is None  # an empty list is an empty cell
    assert c["crawled_at"] == case_study_row("c")["crawled_at"]
    assert c["first_seen"] == NOW and rows["a"]["first_seen"] == EARLIER
    assert rows["a"]["sections"] == "Intro\n\nThe impact: Big"
    assert rows["a"]["listing_rank"] == 0

    topics = package.get_resource("topics").read_rows()
    assert [t["in_filter_form"] for t in topics] == [True, True, True, False]
    assert [t["parent_id"] for t in topics] == [None, 2446, None, None]
    changes = {r["case_study_id"]: r["change"] for r in package.get_resource("changes").read_rows()}
    assert changes == {"b": "removed", "a": "modified", "c": "added"}
    assert [r["id"] for r in package.get_resource("removed").read_rows()] == ["b"]


def test_duplicate_keys_and_links_to_no_case_study_fail_validation(tmp_path):
    broken = tables()
    broken["case_studies"].append(broken["case_studies"][0])
    broken["case_study_councils"].append(link_row("nowhere"))
    broken["topics"].append(topic_row(9999, "Orphan", parent_id=1234))
    snapshot = SnapshotWriter(tmp_path).write(broken, snapshot_manifest(), [], publish=True)
    report = validate(snapshot)
    assert not report.valid
    assert error_types(report) == {"primary-key", "foreign-key"}
    bad = {task.name for task in report.tasks if not task.valid}
    assert bad == {"case_studies", "case_study_councils", "topics"}


def test_a_changed_file_fails_its_checksum(snapshot):
    with (snapshot / "topics.parquet").open("ab") as handle:
        handle.write(b"\0")
    report = validate(snapshot)
    assert {task.name for task in report.tasks if not task.valid} == {"topics.parquet"}
    assert "hash-count" in error_types(report)


def test_every_file_is_a_resource_with_its_size_and_sha256(snapshot):
    package = json.loads((snapshot / "datapackage.json").read_text())
    by_path = {r["path"]: r for r in package["resources"]}
    on_disk = {p.name for p in snapshot.iterdir()} - {"datapackage.json"}
    assert set(by_path) == on_disk
    for name, resource in by_path.items():
        if name == "manifest.json":  # written after the package
            assert "hash" not in resource
            continue
        data = (snapshot / name).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    tables_ = {r["name"] for r in package["resources"] if r["type"] == "table"}
    assert tables_ == set(TABLES)
    assert by_path["case_studies.parquet"]["type"] == "file"
    assert by_path["case_studies.parquet"]["format"] == "parquet"
    written = json.loads((snapshot / "manifest.json").read_text())["files"]
    for name in ("README.md", "datapackage.json"):
        assert written[name]["sha256"] == hashlib.sha256((snapshot / name).read_bytes()).hexdigest()


def test_every_column_is_described_with_its_keys():
    package = data_package(snapshot_manifest(), {}, published=True)
    assert package["resources"][-1]["path"] == "manifest.json"
    for table, columns in TABLES.items():
        resource = data_package(snapshot_manifest(), {f"{table}.csv": _facts()}, True)["resources"][
            0
        ]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in columns]
        for field, column in zip(fields, columns, strict=True):
            assert field["description"].startswith(column.description + " CSV: ")
        assert resource["schema"].get("primaryKey") == (
            list(PRIMARY_KEYS[table]) if table in PRIMARY_KEYS else None
        )
        for fk in resource["schema"].get("foreignKeys", []):
            assert fk["reference"]["resource"] in TABLES


def test_keys_name_columns_that_exist_and_are_never_null():
    for table, key in PRIMARY_KEYS.items():
        columns = {c.name: c for c in TABLES[table]}
        assert all(not columns[name].nullable for name in key), table
    for table, keys in FOREIGN_KEYS.items():
        for fk in keys:
            assert set(fk.fields) <= {c.name for c in TABLES[table]}
            assert set(fk.columns) <= {c.name for c in TABLES[fk.table]}


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("topics", {"type": "list", "delimiter": "; ", "itemType": "string"}),
        ("support_type_ids", {"type": "list", "delimiter": "; ", "itemType": "integer"}),
        ("topic_ids", {"type": "list", "delimiter": "; ", "itemType": "string"}),
        ("sections", {"type": "string"}),
        ("crawled_at", {"type": "datetime", "constraints": {"required": True}}),
        ("published_date", {"type": "date"}),
        ("listing_rank", {"type": "integer", "constraints": {"required": True}}),
    ],
)
def test_csv_types(column, expected):
    (schema_column,) = [c for c in TABLES["case_studies"] if c.name == column]
    field = csv_field(schema_column)
    assert {k: v for k, v in field.items() if k not in ("name", "description")} == expected


def test_no_licence_is_claimed_and_both_sources_are_credited():
    package = data_package(snapshot_manifest(), {}, published=True)
    assert "licenses" not in package
    titles = " ".join(s["title"] for s in package["sources"])
    assert "Local Government Association" in titles and "mySociety" in titles
    assert "CC BY 4.0" in titles
    assert "no licence" in package["description"]


def test_a_failed_snapshot_says_it_is_incomplete(tmp_path):
    snapshot = SnapshotWriter(tmp_path).write(tables(), snapshot_manifest(), [], publish=False)
    package = json.loads((snapshot / "datapackage.json").read_text())
    assert package["description"].startswith("INCOMPLETE AND NOT PUBLISHED")
    assert package["snapshot"]["published"] is False
    assert validate(snapshot).valid


@pytest.mark.parametrize(
    ("base_url", "lga"),
    [
        ("https://www.local.gov.uk", True),
        ("https://local.gov.uk", True),
        ("http://127.0.0.1:8000", False),
        ("https://pas.gov.uk", False),
    ],
)
def test_source_title_names_the_lga_only_for_its_site(base_url, lga):
    assert source_title(base_url).startswith("Local Government Association") is lga


def _facts() -> FileFacts:
    return FileFacts(0, "0" * 64)
