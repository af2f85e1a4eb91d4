"""What refresh and history tests need from the replica: HTTP validators and 304s on detail
pages, a site changed between two starts (added, edited, removed case studies), a request log.
"""

from __future__ import annotations

import http.client
import re
import time
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest

from casecrawl.cli import build_parser
from casecrawl.testbed.process import ReplicaProcess
from casecrawl.testbed.server import ReplicaServer, etag_of, http_date
from casecrawl.testbed.site import ReplicaSite

CHANGES = {"added": 7, "edited": 3, "removed": 2}
TOTAL = re.compile(r"Your search returned (\d+) results")


def fetch(base_url: str, path: str, headers: dict[str, str] | None = None):
    """(status, headers, body) of one GET, without following redirects or raising on 304/404."""
    host = urlsplit(base_url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8")
    finally:
        conn.close()


def log_lines(log) -> list[str]:
    """A request log's lines without their first column (the arrival time)."""
    return [line.split(" ", 1)[1] for line in log.read_text().splitlines()]


def slugs_in(html: str) -> set[str]:
    return set(re.findall(r"/case-studies/([a-z0-9-]+)", html))


@pytest.fixture(scope="module")
def sites():
    return ReplicaSite(300), ReplicaSite(300, **CHANGES)


# --- the changed site ---------------------------------------------------------------------


def test_changes_differ_in_exactly_the_counts_asked(sites):
    base, changed = sites
    before = {c.nid: c for c in base.case_studies}
    after = {c.nid: c for c in changed.case_studies}
    added = [after[n] for n in after.keys() - before.keys()]
    removed = [before[n] for n in before.keys() - after.keys()]
    edited = [n for n in after.keys() & before.keys() if after[n] != before[n]]
    assert (len(added), len(edited), len(removed)) == (7, 3, 2)
    assert sorted(c.nid for c in changed.added_cases) == sorted(c.nid for c in added)
    assert sorted(c.nid for c in changed.removed_cases) == sorted(c.nid for c in removed)
    assert sorted(c.nid for c in changed.edited_cases) == sorted(edited)

    newest = max(c.created for c in base.case_studies)
    assert all(c.created > newest and c.modified == c.created for c in added)
    assert not {c.slug for c in added} & {c.slug for c in base.case_studies}
    assert newest not in {c.created for c in removed}  # never the newest
    for nid in edited:
        old, new = before[nid], after[nid]
        assert (new.title, new.slug, new.created) == (old.title, old.slug, old.created)
        assert new.summary != old.summary and new.body != old.body
        assert new.modified > old.modified == old.created
    for nid in after.keys() & before.keys():  # everything else identical, field for field
        if nid not in edited:
            assert after[nid] == before[nid]


def test_changes_are_the_same_every_time(sites):
    _, changed = sites
    again = ReplicaSite(300, **CHANGES)
    assert again.case_studies == changed.case_studies
    assert again.expected_rows("http://x") == changed.expected_rows("http://x")
    assert ReplicaSite(300, added=0, edited=0, removed=0).case_studies == sites[0].case_studies


def test_added_case_studies_are_generated_like_the_others():
    grown = ReplicaSite(50, added=5)
    assert grown.case_studies == ReplicaSite(55).case_studies


def test_edited_and_removed_are_spread_and_never_gone():
    site = ReplicaSite(400, gone_every=10, edited=10, removed=10)
    base = ReplicaSite(400, gone_every=10)
    index = {c.nid: i for i, c in enumerate(base.case_studies)}
    for chosen in (site.edited_cases, site.removed_cases):
        positions = sorted(index[c.nid] for c in chosen)
        assert len(set(positions)) == 10
        gaps = [b - a for a, b in zip([-1, *positions], [*positions, 400], strict=True)]
        assert max(gaps) <= 80  # spread over the site, one in about every tenth
        assert not any(c.gone for c in chosen)
    assert not {c.nid for c in site.edited_cases} & {c.nid for c in site.removed_cases}


def test_expected_rows_follow_the_changes(sites):
    base, changed = sites
    rows = {r["id"]: r for r in changed.expected_rows("http://x")}
    assert len(rows) == len(base.expected_rows("http://x")) + 7 - 2
    assert not {c.slug for c in changed.removed_cases} & rows.keys()
    assert {c.slug for c in changed.added_cases} <= rows.keys()
    before = {r["id"]: r for r in base.expected_rows("http://x")}
    for case in changed.edited_cases:
        row = rows[case.slug]
        assert row["summary"] == case.summary != before[case.slug]["summary"]
        assert row["body_text"] != before[case.slug]["body_text"]
        assert row["body_text"].endswith(case.body[-1].text)
        assert row["title"] == before[case.slug]["title"]


def test_related_blocks_never_point_to_removed_ones(sites):
    _, changed = sites
    removed = {c.nid for c in changed.removed_cases}
    assert all(not removed & {o.nid for o in changed.related_to(c)} for c in changed.case_studies)


def test_publish_after_changes_takes_a_new_nid():
    site = ReplicaSite(50, added=3, removed=2)
    nids = {c.nid for c in site.case_studies} | {c.nid for c in site.removed_cases}
    case = site.publish(site.case_studies[-1].created + timedelta(days=1))
    assert case.nid not in nids and case.modified == case.created


def test_impossible_changes_are_refused():
    with pytest.raises(ValueError, match="negative"):
        ReplicaSite(10, added=-1)
    with pytest.raises(ValueError, match="remove"):
        ReplicaSite(10, removed=10)
    with pytest.raises(ValueError, match="edit"):
        ReplicaSite(10, removed=5, edited=6)


# --- validators and 304 -----------------------------------------------------------------------


def test_detail_pages_carry_stable_validators(sites):
    base, _ = sites
    case = base.case_studies[10]
    with ReplicaServer(base, "classic") as server:
        path = f"/case-studies/{case.slug}"
        status, headers, body = fetch(server.base_url, path)
        assert status == 200
        etag, last_modified = headers["ETag"], headers["Last-Modified"]
        assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
        assert parsedate_to_datetime(last_modified) == case.modified
        assert last_modified == http_date(case.created)
        server.requests += 500  # the banner changes: the page does, the validators do not
        status, again, body_later = fetch(server.base_url, path)
        assert body_later != body
        assert (again["ETag"], again["Last-Modified"]) == (etag, last_modified)
        # /node/N (served directly by the classic markup) is the same page
        assert fetch(server.base_url, f"/node/{case.nid}")[1]["ETag"] == etag


def test_listing_pages_carry_no_validators(sites):
    base, _ = sites
    with ReplicaServer(base, "flat") as server:
        status, headers, _ = fetch(server.base_url, "/case-studies?page=0", {"If-None-Match": "*"})
        assert status == 200
        assert "ETag" not in headers and "Last-Modified" not in headers


def test_conditional_requests_get_304(sites):
    base, _ = sites
    case = base.case_studies[20]
    with ReplicaServer(base, "plain") as server:
        path = f"/case-studies/{case.slug}"
        _, headers, _ = fetch(server.base_url, path)
        etag, last_modified = headers["ETag"], headers["Last-Modified"]
        later = http_date(case.modified + timedelta(days=3))
        earlier = http_date(case.modified - timedelta(seconds=1))

        for conditions in (
            {"If-None-Match": etag},
            {"If-None-Match": f'"other", W/{etag}'},
            {"If-None-Match": "*"},
            {"If-Modified-Since": last_modified},
            {"If-Modified-Since": later},
        ):
            status, got, body = fetch(server.base_url, path, conditions)
            assert (status, body) == (304, ""), conditions
            assert (got["ETag"], got["Last-Modified"]) == (etag, last_modified)

        for conditions in (
            {"If-None-Match": '"other"'},
            {"If-None-Match": '"other"', "If-Modified-Since": later},  # If-None-Match decides
            {"If-Modified-Since": earlier},
            {"If-Modified-Since": "not a date"},
        ):
            status, _, body = fetch(server.base_url, path, conditions)
            assert status == 200 and body, conditions
        assert server.statuses[304] == 5
        assert server.statuses[200] == 5


def test_a_changed_case_study_gets_new_validators_and_the_others_keep_theirs(sites):
    base, changed = sites
    edited = changed.edited_cases[0]
    unchanged = next(c for c in changed.case_studies[:-7] if c not in changed.edited_cases)
    with ReplicaServer(base) as first, ReplicaServer(changed) as second:
        for case, same in ((edited, False), (unchanged, True)):
            path = f"/case-studies/{case.slug}"
            _, old, _ = fetch(first.base_url, path)
            _, new, _ = fetch(second.base_url, path)
            assert (old["ETag"] == new["ETag"]) is same
            assert (old["Last-Modified"] == new["Last-Modified"]) is same
            status, _, _ = fetch(
                second.base_url, path, {"If-None-Match": old["ETag"]}
            )  # what a refresh sends
            assert status == (304 if same else 200)
            status, _, _ = fetch(second.base_url, path, {"If-Modified-Since": old["Last-Modified"]})
            assert status == (304 if same else 200)
    assert etag_of(edited) != etag_of(next(c for c in base.case_studies if c.nid == edited.nid))


def test_no_validators_mode(sites):
    base, _ = sites
    case = base.case_studies[5]
    with ReplicaServer(base, validators=False) as server:
        path = f"/case-studies/{case.slug}"
        status, headers, _ = fetch(server.base_url, path)
        assert status == 200
        assert "ETag" not in headers and "Last-Modified" not in headers
        conditions = {
            "If-None-Match": etag_of(case),
            "If-Modified-Since": http_date(case.modified + timedelta(days=1)),
        }
        for extra in ({"If-None-Match": "*"}, conditions):
            assert fetch(server.base_url, path, extra)[0] == 200
        assert server.statuses == {200: 3}


# --- removed pages ----------------------------------------------------------------------------


def test_removed_case_studies_answer_404_and_leave_every_listing(sites):
    base, changed = sites
    with ReplicaServer(changed, "classic") as server:
        for case in changed.removed_cases:
            assert fetch(server.base_url, f"/case-studies/{case.slug}")[0] == 404
            assert fetch(server.base_url, f"/node/{case.nid}")[0] == 404
            assert case.slug not in slugs_in(server.listing(f"keys={case.title.split()[0]}"))
            for topic in case.topic_ids:
                assert case.slug not in slugs_in(server.listing(f"topic%5B{topic}%5D={topic}"))
        _, _, page = fetch(server.base_url, "/case-studies?sort_order=DESC&page=0")
        assert int(TOTAL.search(page).group(1)) == 300 + 7 - 2
        seen = set()
        for n in range(31):
            html = server.listing(f"sort_by=created&sort_order=ASC&page={n}")
            seen |= slugs_in(html)
        assert not seen & {c.slug for c in changed.removed_cases}
        assert {c.slug for c in changed.added_cases} <= seen
    with ReplicaServer(base, "classic") as server:
        for case in changed.removed_cases:
            assert fetch(server.base_url, f"/case-studies/{case.slug}")[0] == 200


# --- the request log ----------------------------------------------------------------------


def test_request_log_lines(sites, tmp_path):
    base, _ = sites
    case = base.case_studies[3]
    log = tmp_path / "requests.log"
    log.write_text("1700000000.000 GET /earlier 200\n")  # appended to, never truncated
    started = time.time()
    with ReplicaServer(base, "flat", request_log=str(log)) as server:
        url = server.base_url
        fetch(url, "/robots.txt")
        fetch(url, "/case-studies?sort_order=DESC&page=1")
        _, headers, _ = fetch(url, f"/case-studies/{case.slug}")
        # written and flushed before the response: readable while the server runs
        assert log_lines(log)[-1] == f"GET /case-studies/{case.slug} 200"
        fetch(url, f"/case-studies/{case.slug}", {"If-None-Match": headers["ETag"]})
        fetch(url, f"/node/{case.nid}")
        fetch(url, "/case-studies/no-such-thing")
    # Each line starts with the request's arrival, a Unix time with milliseconds.
    arrivals = [line.split(" ", 1)[0] for line in log.read_text().splitlines()[1:]]
    assert all(re.fullmatch(r"\d+\.\d{3}", a) for a in arrivals)
    assert started - 0.001 <= float(arrivals[0]) <= float(arrivals[-1]) <= time.time()
    assert arrivals == sorted(arrivals, key=float)
    assert log_lines(log) == [
        "GET /earlier 200",
        "GET /robots.txt 200",
        "GET /case-studies?sort_order=DESC&page=1 200",
        f"GET /case-studies/{case.slug} 200",
        f"GET /case-studies/{case.slug} 304",
        f"GET /node/{case.nid} 301",
        "GET /case-studies/no-such-thing 404",
    ]


# --- the command line and ReplicaProcess ----------------------------------------------------


def test_replica_process_turns_booleans_into_bare_flags():
    args = ReplicaProcess(
        10, no_validators=True, add=3, edit=0, remove=None, other=False, request_log="x.log"
    ).args
    assert args[6:] == ["--no-validators", "--add", "3", "--edit", "0", "--request-log", "x.log"]


def test_serve_options():
    args = build_parser().parse_args(
        "replica serve --add 7 --edit 3 --remove 2 --no-validators --request-log r.log".split()
    )
    assert (args.add, args.edit, args.remove) == (7, 3, 2)
    assert args.no_validators and args.request_log == "r.log"
    defaults = build_parser().parse_args(["replica", "serve"])
    assert (defaults.add, defaults.edit, defaults.remove, defaults.no_validators) == (
        0,
        0,
        0,
        False,
    )
    assert defaults.request_log is None


def test_two_starts_with_the_same_options_serve_the_same_site(tmp_path):
    site = ReplicaSite(60, added=4, edited=3, removed=2)
    edited, removed = site.edited_cases[0], site.removed_cases[0]
    pages = [
        "/case-studies?sort_by=created&sort_order=DESC&page=0",
        f"/case-studies/{edited.slug}",
        f"/case-studies/{removed.slug}",
    ]
    seen = []
    for run in range(2):
        log = tmp_path / f"run{run}.log"
        with ReplicaProcess(60, add=4, edit=3, remove=2, request_log=log) as replica:
            listing, detail, gone = (fetch(replica.base_url, p) for p in pages)
            seen.append((TOTAL.search(listing[2]).group(1), detail[1]["ETag"], gone[0]))
        assert log_lines(log) == [
            f"GET {pages[0]} 200",
            f"GET {pages[1]} 200",
            f"GET {pages[2]} 404",
        ]
    assert seen[0] == seen[1] == ("62", etag_of(edited), 404)
    with ReplicaProcess(60, edit=3, no_validators=True) as replica:
        status, headers, _ = fetch(replica.base_url, pages[1])
        assert status == 200 and "ETag" not in headers
