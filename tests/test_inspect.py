"""`casecrawl inspect` on saved pages and on the replica, and `casecrawl replica fuzz`."""

from __future__ import annotations

from urllib.parse import urlencode

from support import PAGES, local_site, run_casecrawl

from casecrawl.testbed.markups.broken import BrokenMarkup
from casecrawl.testbed.process import ReplicaProcess
from casecrawl.testbed.server import ReplicaServer
from casecrawl.testbed.site import ReplicaSite

BASE = "https://www.local.gov.uk"


def inspect(*args: str):
    return run_casecrawl("inspect", *args, timeout=60)


def test_saved_page_shows_blocks_roles_fields_cues_and_cross_checks():
    detail = next((PAGES / "classic").glob("detail-arts-prescription.html"))
    result = inspect(str(detail), "--listing", str(PAGES / "classic" / "listing-page-29.html"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Blocks (index, tag, role, text):" in out
    for role in ("title", "summary", "topic", "body", "related"):
        assert f" {role} " in out, role
    assert "title           'Arts on prescription'" in out
    assert "<- h1 named by <title>" in out
    assert "Cross-checks against the listing's teaser" in out
    for cue in ("title", "summary", "topics", "date", "body"):
        assert f"  {cue:<8} agrees" in out


def test_a_page_the_crawl_would_refuse_shows_which_check_fails(tmp_path):
    site = ReplicaSite(30)
    server = ReplicaServer(site, "classic")
    try:
        broken = BrokenMarkup("broken-summary")
        case = next(c for c in site.case_studies[:10] if c.summary)
        server.markup = broken
        (tmp_path / "page.html").write_text(server.detail(case))
        query = urlencode({"sort_by": "created", "sort_order": "ASC", "page": 0})
        (tmp_path / "listing.html").write_text(server.listing(query))
    finally:
        server.httpd.server_close()
    url = f"{server.base_url}/case-studies/{case.slug}"
    result = inspect(
        str(tmp_path / "page.html"), "--url", url, "--base-url", server.base_url,
        "--listing", str(tmp_path / "listing.html"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "summary  DISAGREES: the summary goes on past the listing's" in result.stdout
    assert "Type: Case study" in result.stdout


def test_a_url_is_fetched_politely_and_read_like_a_crawl_reads_it():
    with ReplicaProcess(size=30, variant="flat") as replica:
        case = ReplicaSite(30).case_studies[0]
        listing = f"{replica.base_url}/case-studies?sort_by=created&sort_order=ASC&page=0"
        result = inspect(
            f"{replica.base_url}/case-studies/{case.slug}",
            "--base-url", replica.base_url, "--listing", listing,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"title           {case.title!r}" in result.stdout
    assert "Cross-checks against the listing's teaser" in result.stdout


def test_a_listing_page_shows_total_teasers_and_filters():
    result = inspect(str(PAGES / "plain" / "listing-page-7.html"), "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    assert "Reported total: 300" in result.stdout
    assert "Teasers (10):" in result.stdout
    assert "Filter by topics: ['Children and young people'" in result.stdout


def robots_forbid(path: str) -> tuple[int, str]:
    if path == "/robots.txt":
        return 200, "User-agent: *\nDisallow: /\n"
    return 200, "<html><body><h1>Never fetched</h1></body></html>"


def test_robots_txt_is_obeyed_and_bad_input_is_named(tmp_path):
    with local_site(robots_forbid) as base_url:
        result = inspect(f"{base_url}/case-studies/x", "--base-url", base_url)
    assert result.returncode == 2
    assert "robots.txt does not allow" in result.stderr
    missing = tmp_path / "nowhere.html"
    result = inspect(str(missing))
    assert result.returncode == 2
    assert str(missing) in result.stderr


def test_replica_fuzz_reports_the_pass_rate():
    result = run_casecrawl("replica", "fuzz", "--seeds", "0-3", "--size", "12", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "markup seeds tried   : 4" in result.stdout
    assert "every field right    : 4 (100%)" in result.stdout
    bad = run_casecrawl("replica", "fuzz", "--seeds", "a-b")
    assert bad.returncode == 2
    assert "--seeds 'a-b'" in bad.stderr
