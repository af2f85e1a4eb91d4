"""Crawl the replica as a user would (`casecrawl crawl`), and check every column of every row."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from support import VARIANT_NAMES, local_site, run_casecrawl

from casecrawl.dataset.schema import COLUMN_NAMES, arrow_schema
from casecrawl.testbed.process import ReplicaProcess
from casecrawl.testbed.site import ReplicaSite

SIZE = 320
FAST = ("--concurrency", "8", "--delay", "0", "--log-level", "WARNING")


def crawl(base_url: str, out: Path) -> tuple:
    result = run_casecrawl("crawl", "--base-url", base_url, "--out", str(out), *FAST)
    return result, out / "latest"


@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_complete_crawl_matches_ground_truth(variant, out_dir):
    with ReplicaProcess(size=SIZE, variant=variant) as replica:
        result, latest = crawl(replica.base_url, out_dir)
        base = replica.base_url
    assert result.returncode == 0, result.stdout + result.stderr
    assert "case studies written  : 320" in result.stdout

    table = pq.read_table(latest / "case_studies.parquet")
    assert table.schema.equals(arrow_schema(), check_metadata=False)
    rows = {row["id"]: row for row in table.to_pylist()}
    expected = {row["id"]: row for row in ReplicaSite(SIZE).expected_rows(base)}
    assert set(rows) == set(expected)
    for slug, want in expected.items():
        got = rows[slug]
        for column, value in want.items():
            assert got[column] == value, f"{variant} {slug} {column}"
        assert got["crawled_at"] is not None

    manifest = json.loads((latest / "manifest.json").read_text())
    assert manifest["complete"] is True
    assert manifest["reported_total"] == SIZE
    assert manifest["page_size"] == 10
    assert manifest["listing_pages_fetched"] == 32
    assert manifest["detail_pages_fetched"] == SIZE
    assert manifest["items_written"] == SIZE
    assert manifest["missing"] == []
    assert manifest["files"]["case_studies.parquet"]["rows"] == SIZE
    # Every field agrees with the listing's second opinion on a correct markup.
    assert manifest["cross_checks"]["summary"]["checked"] == SIZE
    assert all(check["disagreements"] == 0 for check in manifest["cross_checks"].values())

    # The taxonomy: every topic and support type with its ID, parent, and counts that agree.
    topics = {
        (t["kind"], t["topic_id"]): t for t in pq.read_table(latest / "topics.parquet").to_pylist()
    }
    want_topics = {
        (t["kind"], t["topic_id"]): {**t, "in_filter_form": True}
        for t in ReplicaSite(SIZE).expected_topics()
    }
    assert topics == want_topics
    assert all(t["case_study_count"] == t["reported_count"] for t in topics.values())
    assert manifest["facets_walked"] is True
    assert manifest["date_walk"]["status"] == "walked"
    assert manifest["topic_count_mismatches"] == []

    links = pq.read_table(latest / "case_study_councils.parquet")
    # Where the councils were found, per role and field, adds up to the links.
    sources = manifest["council_sources"]
    assert sum(n for by_field in sources.values() for n in by_field.values()) == links.num_rows
    assert sources["subject"]["title"] > 0
    assert links.schema.equals(arrow_schema("case_study_councils"), check_metadata=False)
    assert manifest["files"]["case_study_councils.parquet"]["rows"] == links.num_rows > 0
    # Councils the replica names in titles resolve to their register codes; an abolished one
    # to itself before its end, to its successor after (Allerdale ended 2023-04-01: Cumberland).
    named = {"Wigan Council:": "WGN", "Allerdale Borough Council": "ALL", "in Knowsley": "KWL"}
    for row in rows.values():
        for text, code in named.items():
            if text in row["title"]:
                when = row["published_date"]
                if code == "ALL" and when is not None and when >= date(2023, 4, 1):
                    code = "CBD"
                assert code in row["council_codes"], row["title"]
                assert code in row["councils_mentioned"]
    assert any("Allerdale Borough Council" in r["title"] for r in rows.values())

    frame = pd.read_csv(latest / "case_studies.csv", keep_default_na=False)
    assert list(frame.columns) == list(COLUMN_NAMES)
    assert len(frame) == SIZE
    by_id = frame.set_index("id")
    for slug, want in expected.items():
        assert by_id.loc[slug, "title"] == want["title"]
        assert by_id.loc[slug, "body_text"] == want["body_text"]
        assert by_id.loc[slug, "topics"] == "; ".join(want["topics"])


def test_withdrawn_case_studies_are_listed_and_do_not_block_publication(out_dir):
    with ReplicaProcess(size=60, gone_every=25) as replica:
        result, latest = crawl(replica.base_url, out_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((latest / "manifest.json").read_text())
    assert len(manifest["gone"]) == 2
    assert manifest["items_written"] == 58
    assert manifest["responses_by_status"]["410"] == 2


def test_case_study_published_mid_crawl_is_included(out_dir):
    with ReplicaProcess(size=60, publish_after=3) as replica:
        result, latest = crawl(replica.base_url, out_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    frame = pd.read_parquet(latest / "case_studies.parquet")
    assert len(frame) == 61
    assert frame.loc[frame["listing_rank"] == 0, "id"].item().endswith("-new-10060")
    assert sorted(frame["listing_rank"]) == list(range(61))


def changed_markup(path: str) -> tuple[int, str]:
    """A site whose listing lost the count sentence: the crawl must say so and not publish."""
    if path == "/robots.txt":
        return 404, ""
    return 200, (
        "<html><body><h1>Case studies</h1>"
        "<h3><a href='/case-studies/one'>One</a></h3><p>Summary.</p></body></html>"
    )


def test_changed_markup_fails_loudly_and_keeps_latest(out_dir):
    with ReplicaProcess(size=20) as replica:
        first, latest = crawl(replica.base_url, out_dir)
    assert first.returncode == 0
    published = latest.resolve()

    with local_site(changed_markup) as base_url:
        result, _ = crawl(base_url, out_dir)
    assert result.returncode != 0
    assert "NOT PUBLISHED" in result.stdout
    assert "count_sentence" in result.stdout + result.stderr
    assert latest.resolve() == published
    failed = list((out_dir / "failed").iterdir())
    manifest = json.loads((failed[0] / "manifest.json").read_text())
    assert manifest["cue_failures"]["count_sentence"]["count"] == 1
    assert manifest["complete"] is False


def looping_pager(path: str) -> tuple[int, str]:
    """Two pages of teasers; every later page repeats page 1 and links to the next one forever."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(path)
    if parts.path == "/robots.txt":
        return 404, ""
    if parts.path.startswith("/case-studies/"):
        slug = parts.path.rsplit("/", 1)[-1]
        return 200, f"<html><body><h1>Case {slug}</h1><p>Body of {slug}.</p></body></html>"
    page = int(parse_qs(parts.query).get("page", ["0"])[0])
    shown = min(page, 1)
    teasers = "".join(
        f"<div><h3><a href='/case-studies/c{shown}-{i}'>Case c{shown}-{i}</a></h3></div>"
        for i in range(3)
    )
    query = parts.query.replace(f"page={page}", f"page={page + 1}")
    return 200, (
        f"<html><body><p>Your search returned 6 results</p>{teasers}"
        f"<p><a href='/case-studies?{query}'>Next</a></p></body></html>"
    )


def test_walk_never_loops_on_a_pager_that_never_ends(out_dir):
    with local_site(looping_pager) as base_url:
        result, latest = crawl(base_url, out_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((latest / "manifest.json").read_text())
    assert manifest["items_written"] == 6
    assert manifest["listing_pages_fetched"] == 3  # pages 0, 1 and the out-of-range page 2
    assert manifest["walk_ended"] == ["page 2 is past the last page 1"]


def test_scrapy_crawl_from_the_repository_root_writes_the_same_snapshot(out_dir):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    with ReplicaProcess(size=30, variant="flat") as replica:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "case_studies",
             "-s", f"CASECRAWL_BASE_URL={replica.base_url}", "-s", f"CASECRAWL_OUT_DIR={out_dir}",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
             "-s", "CONCURRENT_REQUESTS=8", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"],
            cwd=root, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        base = replica.base_url
    assert result.returncode == 0, result.stderr
    frame = pd.read_parquet(out_dir / "latest" / "case_studies.parquet")
    assert sorted(frame["id"]) == sorted(r["id"] for r in ReplicaSite(30).expected_rows(base))
    # Scrapy's usual console log there, no progress and no crawl.log (casecrawl's own).
    assert "Spider closed (finished)" in result.stderr
    assert "progress:" not in result.stderr
    assert not (out_dir / "latest" / "crawl.log").exists()


def test_a_filtered_crawl_holds_exactly_that_topics_case_studies(out_dir):
    site = ReplicaSite(SIZE)
    with ReplicaProcess(size=SIZE, variant="flat") as replica:
        result = run_casecrawl(
            "crawl", "--base-url", replica.base_url, "--out", str(out_dir), *FAST,
            "--filter", "topic=2446",
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    latest = out_dir / "filtered" / "topic-2446" / "latest"
    rows = pq.read_table(latest / "case_studies.parquet").to_pylist()
    want = {c.slug for c in site.query({"topic[2446]": "2446"})}
    assert {r["id"] for r in rows} == want
    assert all("Culture" in r["topics"] for r in rows)
    manifest = json.loads((latest / "manifest.json").read_text())
    assert manifest["filter"] == {"topic[2446]": "2446"}
    assert manifest["reported_total"] == len(want)
    assert not (out_dir / "latest").exists()  # the full dataset's latest is not touched


def test_the_crawl_stays_on_the_site(out_dir):
    """A redirect to another host, a mailto: link and an off-site link are never fetched."""
    from support import local_site as serve

    elsewhere_hits: list[str] = []

    def elsewhere(path: str) -> tuple[int, str]:
        elsewhere_hits.append(path)
        return 200, "<html><body><h1>Elsewhere</h1><p>Not ours.</p></body></html>"

    with serve(elsewhere) as elsewhere_url:
        other = elsewhere_url.replace("127.0.0.1", "localhost")  # another host

        def site(path: str) -> tuple[int, str]:
            if path == "/robots.txt":
                return 404, ""
            if path.startswith("/case-studies/moved"):
                return 301, other + "/case-studies/moved"
            if path.startswith("/case-studies/"):
                slug = path.rsplit("/", 1)[-1]
                return 200, (
                    f"<html><body><h1>Case {slug}</h1><p>Body of {slug}, see "
                    f"<a href='mailto:a@b.c'>mail</a> and <a href='{other}/x'>there</a>.</p>"
                    "</body></html>"
                )
            teasers = "".join(
                f"<div><h3><a href='/case-studies/{s}'>Case {s}</a></h3></div>"
                for s in ("one", "two", "moved")
            )
            return 200, f"<html><body><p>Your search returned 3 results</p>{teasers}</body></html>"

        with local_site(site) as base_url:
            result, _ = crawl(base_url, out_dir)
    assert elsewhere_hits == []  # the redirect to another host was not followed
    assert result.returncode == 1  # and the case study behind it is reported missing
    (failed,) = (out_dir / "failed").iterdir()
    manifest = json.loads((failed / "manifest.json").read_text())
    assert any("moved" in url for m in manifest["missing"] for url in m.get("urls", []))


def test_the_taxonomy_costs_at_most_a_tenth_more_requests_than_the_plain_crawl(out_dir):
    """The site's 2,568 case studies: topic IDs, support types and created months, every one
    as the replica holds it, for at most 1.10x the requests of listing and case-study pages."""
    size = 2568
    with ReplicaProcess(size=size) as replica:
        result, latest = crawl(replica.base_url, out_dir)
        base = replica.base_url
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((latest / "manifest.json").read_text())
    plain = manifest["listing_pages_fetched"] + manifest["detail_pages_fetched"] + 1  # robots
    assert manifest["requests_sent"] <= 1.10 * plain
    assert manifest["facet_membership"]["from_pages"] == 18  # every topic, at one request each
    assert manifest["date_walk"]["months"].startswith("the walk's order")
    columns = ["id", "topic_ids", "support_type_ids", "created_month"]
    rows = pq.read_table(latest / "case_studies.parquet", columns=columns).to_pylist()
    expected = {r["id"]: r for r in ReplicaSite(size).expected_rows(base)}
    assert len(rows) == size
    for row in rows:
        assert row == {k: expected[row["id"]][k] for k in columns}, row["id"]
