"""The replica's faults: a host-wide rate limiter answering 429, bad content on chosen case
studies (checked byte for byte), and a server bound to 127.0.0.1 only."""

from __future__ import annotations

import html as htmllib
import http.client
import math
import re
import socket
import sys
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode, urlsplit

import lxml.html
import pytest

from casecrawl.cli import build_parser
from casecrawl.testbed.process import ReplicaProcess
from casecrawl.testbed.server import BLANK_SUMMARY, HIDDEN_TEXTS, ReplicaServer
from casecrawl.testbed.site import (
    BAD_CONTENT_KINDS,
    HUGE_PAGE_BYTES,
    INVALID_BYTES,
    REPLACEMENT,
    ReplicaSite,
    season_of,
)
from casecrawl.testbed.views import escape

SIZE = 60
NAMED = ("classic", "flat", "plain")


def fetch(base_url: str, path: str, limit: int | None = None):
    """(status, headers, body bytes) of one GET; `limit` reads at most that many bytes."""
    host = urlsplit(base_url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read() if limit is None else response.read(limit)
        return response.status, response.headers, body
    finally:
        conn.close()


# --- the rate limiter ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site():
    return ReplicaSite(SIZE)


def test_the_window_slides_and_a_penalty_is_never_extended(site):
    with ReplicaServer(site, rate_limit=2, penalty=5.0) as server:
        assert server.admit(100.0, 0.0) is None
        assert server.admit(100.5, 0.5) is None
        assert server.admit(101.2, 1.2) is None  # 100.0 has left the window
        # 100.5, 101.2, 101.4 within one second, though in two different whole seconds
        assert server.admit(101.4, 1.4) == 106.4
        assert server.admit(103.0, 3.0) == 106.4  # not counted, not extended
        assert server.admit(106.3, 6.3) == 106.4
        # afresh after the penalty: nothing from before it is counted
        assert server.admit(106.4, 6.4) is None
        assert server.admit(106.5, 6.5) is None
        assert server.admit(106.6, 6.6) == 111.6
        assert [(p.start, p.end, p.wall_start, p.wall_end) for p in server.penalties] == [
            (101.4, 106.4, 1.4, 6.4),
            (106.6, 111.6, 6.6, 11.6),
        ]
    with ReplicaServer(site) as unlimited:
        assert all(unlimited.admit(100.0 + i / 1000, 0.0) is None for i in range(1000))


def test_the_limiter_trips_answers_429_for_the_penalty_then_recovers(site, tmp_path):
    log = tmp_path / "requests.log"
    case = site.case_studies[5]
    with ReplicaServer(site, "flat", rate_limit=3, penalty=1.5, request_log=str(log)) as server:
        url = server.base_url
        before = time.time()
        paths = ["/robots.txt", "/case-studies?page=0", f"/case-studies/{case.slug}"]
        assert [fetch(url, p)[0] for p in paths] == [200, 200, 200]
        status, headers, body = fetch(url, f"/node/{case.nid}")  # the 4th within a second
        assert status == 429 and headers["Retry-After"] == "2"  # 1.5 s left, rounded up
        assert body == b"Too Many Requests\n" and headers["Content-Type"].startswith("text/plain")
        assert len(server.penalties) == 1
        penalty = server.penalties[0]
        # every request during the penalty, robots.txt included; none extends it
        for path in ("/robots.txt", "/case-studies", "/no-such-page"):
            status, headers, _ = fetch(url, path)
            assert status == 429 and headers["Retry-After"] in ("1", "2")
        assert server.penalties == [penalty] and server.in_penalty()
        time.sleep(max(0.0, penalty.end - time.monotonic()) / 2 + 0.2)
        status, headers, _ = fetch(url, "/robots.txt")  # under 0.8 s left: rounded up to 1
        assert status == 429 and headers["Retry-After"] == "1"
        time.sleep(max(0.0, penalty.end - time.monotonic()) + 0.01)
        assert not server.in_penalty()
        # afresh: three more are served, a fourth within the second trips it again
        assert [fetch(url, p)[0] for p in paths] == [200, 200, 200]
        assert fetch(url, "/robots.txt")[0] == 429
        records = list(server.records)
        assert len(server.penalties) == 2
    statuses = [r.status for r in records]
    assert statuses == [200, 200, 200, 429, 429, 429, 429, 429, 200, 200, 200, 429]
    assert [r.path for r in records[:4]] == [*paths, f"/node/{case.nid}"]
    assert all(before <= r.wall <= time.time() for r in records)
    assert [r.arrived for r in records] == sorted(r.arrived for r in records)
    # the penalties start at the arrival of the request that tripped them
    assert penalty.start == records[3].arrived and penalty.end == penalty.start + 1.5
    assert penalty.wall_end == pytest.approx(records[3].wall + 1.5)
    assert all(
        (penalty.start <= r.arrived < penalty.end) == (r.status == 429) for r in records[:11]
    )
    assert server.statuses == {200: 6, 429: 6}
    # the request log: ARRIVED METHOD PATH STATUS, the arrival in Unix time with milliseconds
    lines = log.read_text().splitlines()
    assert len(lines) == len(records)
    for line, record in zip(lines, records, strict=True):
        assert line == f"{record.wall:.3f} GET {record.path} {record.status}"
        assert re.fullmatch(r"\d+\.\d{3} GET \S+ (200|429)", line)


def test_retry_after_as_an_http_date(site):
    with ReplicaServer(site, rate_limit=1, penalty=3.0, retry_after_date=True) as server:
        assert fetch(server.base_url, "/robots.txt")[0] == 200
        status, headers, _ = fetch(server.base_url, "/robots.txt")
        assert status == 429
        penalty = server.penalties[0]
    when = parsedate_to_datetime(headers["Retry-After"])
    assert headers["Retry-After"].endswith(" GMT")
    # the penalty's end, rounded up to the second
    assert when.timestamp() == math.ceil(penalty.wall_end)
    assert 2.0 < when.timestamp() - time.time() <= 4.0


def test_limiter_options_reach_the_server_through_the_command_line(tmp_path):
    args = build_parser().parse_args(
        "replica serve --rate-limit 5 --penalty 2.5 --retry-after-date --bad-content".split()
    )
    assert (args.rate_limit, args.penalty, args.retry_after_date, args.bad_content) == (
        5,
        2.5,
        True,
        True,
    )
    defaults = build_parser().parse_args(["replica", "serve"])
    assert (defaults.rate_limit, defaults.retry_after_date, defaults.bad_content) == (
        None,
        False,
        False,
    )
    process = ReplicaProcess(20, rate_limit=2, penalty=2, retry_after_date=True)
    assert process.args[6:] == ["--rate-limit", "2", "--penalty", "2", "--retry-after-date"]
    log = tmp_path / "requests.log"
    with ReplicaProcess(20, rate_limit=2, penalty=2, retry_after_date=True, request_log=log) as r:
        answers = [fetch(r.base_url, "/robots.txt") for _ in range(3)]
    assert [status for status, _, _ in answers] == [200, 200, 429]
    assert parsedate_to_datetime(answers[2][1]["Retry-After"]).timestamp() > time.time()
    assert [line.split(" ", 1)[1] for line in log.read_text().splitlines()] == [
        "GET /robots.txt 200",
        "GET /robots.txt 200",
        "GET /robots.txt 429",
    ]


@pytest.mark.parametrize("options", [{"rate_limit": 0}, {"rate_limit": 3, "penalty": 0}])
def test_a_limiter_that_cannot_work_is_refused(site, options):
    with pytest.raises(ValueError):
        ReplicaServer(site, **options)


# --- bad content: which case studies, and the ground truth --------------------------------------


@pytest.fixture(scope="module")
def bad():
    return ReplicaSite(SIZE, bad_content=True)


def test_each_kind_on_its_own_case_study_chosen_deterministically(bad):
    cases = bad.bad_content_cases()
    assert list(cases) == list(BAD_CONTENT_KINDS)
    assert len(set(cases.values())) == len(cases)
    assert ReplicaSite(SIZE, bad_content=True).bad_content_cases() == cases
    assert all(not bad.by_slug[slug].gone for slug in cases.values())
    assert ReplicaSite(SIZE).bad_content_cases() == {}
    # never an edited, removed or added one
    changed = ReplicaSite(SIZE, added=3, edited=3, removed=3, bad_content=True)
    chosen = {changed.by_slug[s].nid for s in changed.bad_content_cases().values()}
    untouchable = changed.added_cases + changed.edited_cases + changed.removed_cases
    assert len(chosen) == 8 and not chosen & {c.nid for c in untouchable}
    with pytest.raises(ValueError, match="bad content needs 8"):
        ReplicaSite(7, bad_content=True)


def test_ground_truth_says_what_a_correct_crawler_publishes(bad):
    base = "http://x"
    cases = bad.bad_content_cases()
    rows = {r["id"]: r for r in bad.expected_rows(base)}
    clean = {r["id"]: r for r in ReplicaSite(SIZE).expected_rows(base)}
    # the huge page is refused: listed, not a row
    assert bad.expected_refused() == {cases["huge_page"]: "huge_page"}
    assert cases["huge_page"] not in rows and len(rows) == len(clean) - 1
    assert [r["listing_rank"] for r in bad.expected_rows(base)] == list(range(len(rows)))
    huge = next(c for c in bad.case_studies if c.slug == cases["huge_page"])
    listing = [c.slug for c in bad.query({})]
    assert huge.slug in listing
    assert sum(t["case_study_count"] for t in bad.expected_topics()) == sum(
        t["case_study_count"] for t in ReplicaSite(SIZE).expected_topics()
    ) - len(huge.topic_ids) - len(huge.support_type_ids)
    # what each kind changes in the truth
    blank, season = rows[cases["blank_summary"]], rows[cases["season_date"]]
    assert blank["summary"] is None
    assert season["published_date"] is None and season["date_source"] == "listing_filter"
    assert season["created_month"] == clean[cases["season_date"]]["created_month"]
    encoding = rows[cases["wrong_encoding"]]
    assert "\u2013" in encoding["title"] and "caf\u00e9" in encoding["body_text"]
    assert "\u2019" in encoding["body_text"] and "\u00a3" in encoding["body_text"]
    entities = rows[cases["entities_nbsp"]]
    for text in (entities["title"], entities["summary"]):
        assert "&" in text and "\u2019" in text and "\u00a0" not in text and "&amp;" not in text
    assert REPLACEMENT in rows[cases["invalid_bytes"]]["body_text"]
    assert "\u2019" in rows[cases["invalid_bytes"]]["body_text"]
    for kind in ("unclosed_tags", "script_style"):
        assert rows[cases[kind]] | {"listing_rank": 0} == clean[cases[kind]] | {"listing_rank": 0}
    # nothing else changes
    others = set(rows) - set(cases.values())
    for slug in others:
        assert rows[slug] | {"listing_rank": 0} == clean[slug] | {"listing_rank": 0}


# --- bad content as served ---------------------------------------------------------------------


@pytest.fixture(scope="module", params=[*NAMED, "random"])
def served(request, bad):
    """{kind: (status, headers, bytes)} of every bad page, and the server, in one markup."""
    seed = 3 if request.param == "random" else None
    with ReplicaServer(bad, request.param, markup_seed=seed) as server:
        pages = {
            kind: fetch(server.base_url, f"/case-studies/{slug}")
            for kind, slug in bad.bad_content_cases().items()
        }
        yield request.param, server, pages


def case_of(bad, kind):
    return bad.by_slug[bad.bad_content_cases()[kind]]


def test_wrong_encoding_is_windows_1252_said_to_be_utf_8(bad, served):
    _, _, pages = served
    status, headers, data = pages["wrong_encoding"]
    case = case_of(bad, "wrong_encoding")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert re.search(rb"<meta[^>]*charset=\"?utf-8", data)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "\u2013".encode("cp1252") == b"\x96" and b"\x96" in data
    text = data.decode("cp1252")
    assert escape(case.title) in text and escape(case.body[-1].text) in text


def test_invalid_bytes_sit_in_a_body_paragraph_of_an_otherwise_utf_8_page(bad, served):
    _, _, pages = served
    status, _, data = pages["invalid_bytes"]
    case = case_of(bad, "invalid_bytes")
    paragraph = next(b for b in case.body if REPLACEMENT in b.text)
    assert status == 200 and data.count(INVALID_BYTES) == 1
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("cp1252")  # no fallback reads it: the bytes are undefined there too
    assert data.replace(INVALID_BYTES, b"").decode("utf-8")  # the rest is valid UTF-8
    assert escape(paragraph.segments[0].text) in data.decode("utf-8", errors="replace")


def body_parent(doc, case):
    """The element holding the body's blocks: the parent of its last paragraph (the last
    element starting with its text: the first paragraph may repeat the summary)."""
    last = [b for b in case.body if b.kind == "p"][-1].segments[0].text
    holders = [e for e in doc.iter() if e.text and e.text.startswith(last[:40])]
    return holders[-1].getparent()


def test_unclosed_tags_and_a_nested_form_inside_the_body(bad, served):
    _, _, pages = served
    status, _, data = pages["unclosed_tags"]
    case = case_of(bad, "unclosed_tags")
    page = data.decode("utf-8")
    assert status == 200
    assert page.count("<p") > page.count("</p>")
    assert len(re.findall(r"<div\b", page)) == page.count("</div>") + 1
    nested = re.search(r'<form action="/search"[^>]*><form action="/newsletter"', page)
    assert nested and page.index(escape(case.title)) < nested.start()
    # the form leads the body: each block's text follows it, none has its </p>
    for block in case.body:
        text = escape(block.items[-1] if block.kind == "list" else block.text)
        assert page.find(text, nested.end()) > 0
        assert f"{text}</p>" not in page[nested.end() :]
    # a browser-grade parser still finds every block's text
    text = lxml.html.fromstring(data).text_content()
    for block in case.body:
        assert all(item in text for item in block.items) and block.text in text


def test_script_style_and_noscript_inside_the_body_container(bad, served):
    _, _, pages = served
    status, _, data = pages["script_style"]
    case = case_of(bad, "script_style")
    assert status == 200
    doc = lxml.html.fromstring(data)
    container = body_parent(doc, case)
    hidden = [e for e in doc.iter("script", "style", "noscript")]
    assert {e.tag for e in hidden} == {"script", "style", "noscript"}
    for element in hidden:
        assert element.getparent() is container
        assert any(t in lxml.html.tostring(element, encoding="unicode") for t in HIDDEN_TEXTS)
    for block in case.body:
        assert block.text in container.text_content()
    assert all(t not in case.body[0].text for t in HIDDEN_TEXTS)


def test_entities_and_non_breaking_spaces_in_title_and_summary(bad, served):
    _, _, pages = served
    status, _, data = pages["entities_nbsp"]
    case = case_of(bad, "entities_nbsp")
    page = data.decode("utf-8")
    assert status == 200
    for tag, truth in (("h1", case.title), (None, case.summary)):
        if tag:
            raw = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))
        else:
            start = page.index("Residents&#8217;&nbsp;groups")
            raw = page[start : page.index("<", start)]
        assert "&amp;" in raw and "&#8217;" in raw and "&nbsp;" in raw and "\u00a0" in raw
        assert "\u2019" not in raw
        assert htmllib.unescape(raw).replace("\u00a0", " ").strip() == truth


def test_blank_summary_is_an_element_holding_whitespace(bad, served):
    markup, server, pages = served
    status, _, data = pages["blank_summary"]
    case = case_of(bad, "blank_summary")
    page = data.decode("utf-8")
    assert status == 200 and case.summary is None
    assert page.count(BLANK_SUMMARY) == 1
    assert htmllib.unescape(BLANK_SUMMARY).strip() == ""
    if markup in NAMED:
        assert re.search(">" + re.escape(BLANK_SUMMARY) + "<", page)
    # the listing shows no summary for it either
    listing = server.listing(urlencode({"keys": case.title}))
    assert escape(case.title) in listing and BLANK_SUMMARY not in listing


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
EXACT_DATE = re.compile(
    rf"\b\d{{1,2}}(st|nd|rd|th)?( of)? ({MONTHS}|{'|'.join(m[:3] for m in MONTHS.split('|'))})"
    rf"|\b\d{{2}}/\d{{2}}/\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|({MONTHS}) \d{{1,2}}, \d{{4}}"
)


def test_season_date_instead_of_a_date(bad, served):
    markup, _, pages = served
    status, _, data = pages["season_date"]
    case = case_of(bad, "season_date")
    page = data.decode("utf-8")
    season = season_of(case.created.date())
    assert status == 200 and season in page
    if markup in NAMED:  # where the date is shown: once; in the head too for classic
        assert page.count(season) == (2 if markup == "classic" else 1)
    if markup == "classic":
        assert f'<meta property="article:published_time" content="{season}">' in page
    assert not EXACT_DATE.search(page), EXACT_DATE.search(page)
    assert "1904" not in page and "datetime=" not in page
    assert not case.shows_date  # the truth: no published date on the page


def test_season_names():
    from datetime import date

    assert season_of(date(2021, 7, 14)) == "Summer 2021"
    assert season_of(date(2021, 12, 1)) == "Winter 2021"
    assert season_of(date(2021, 2, 28)) == "Winter 2021"
    assert season_of(date(2021, 3, 1)) == "Spring 2021"
    assert season_of(date(2021, 11, 30)) == "Autumn 2021"
    # on a site that has summers, a summer
    site = ReplicaSite(400, bad_content=True)
    case = site.by_slug[site.bad_content_cases()["season_date"]]
    assert season_of(case.created.date()).startswith("Summer ")


def test_huge_page_is_streamed_quickly_and_survives_a_client_that_stops(bad, served):
    _, server, pages = served
    status, headers, data = pages["huge_page"]
    case = case_of(bad, "huge_page")
    assert status == 200 and int(headers["Content-Length"]) == HUGE_PAGE_BYTES == len(data)
    head = data[:20000].decode("utf-8")
    assert escape(case.title) in head and "<!-- " in head
    assert data.endswith(b" --></body></html>")
    url = f"/case-studies/{case.slug}"
    started = time.monotonic()
    fetch(server.base_url, url)
    assert time.monotonic() - started < 5
    # a client that stops at a size cap: the server carries on
    status, headers, part = fetch(server.base_url, url, limit=65536)
    assert status == 200 and len(part) == 65536
    assert fetch(server.base_url, "/robots.txt")[0] == 200


def test_every_other_page_is_as_without_bad_content(bad):
    clean = ReplicaSite(SIZE)
    bad_slugs = set(bad.bad_content_cases().values())
    others = sorted(c.slug for c in bad.case_studies if c.slug not in bad_slugs)
    compared = 0
    with ReplicaServer(clean, "classic") as a, ReplicaServer(bad, "classic") as b:
        for slug in others:
            page_a = a.detail_bytes(clean.by_slug[slug]).replace(a.base_url.encode(), b"")
            page_b = b.detail_bytes(bad.by_slug[slug]).replace(b.base_url.encode(), b"")
            # related titles may be bad-content titles (changed in the truth), nothing else
            titles = [c.title for c in bad.related_to(bad.by_slug[slug])]
            if not set(titles) & {bad.by_slug[s].title for s in bad_slugs}:
                assert page_a == page_b
                compared += 1
    assert compared > len(others) // 2


def test_bad_content_through_the_command_line():
    cases = ReplicaSite(SIZE, bad_content=True).bad_content_cases()
    with ReplicaProcess(SIZE, variant="plain", bad_content=True) as replica:
        status, headers, data = fetch(replica.base_url, f"/case-studies/{cases['invalid_bytes']}")
        assert status == 200 and INVALID_BYTES in data
        status, _, data = fetch(replica.base_url, f"/case-studies/{cases['blank_summary']}")
        assert BLANK_SUMMARY.encode() in data


# --- the bind address --------------------------------------------------------------------------


def test_the_replica_listens_on_127_0_0_1_only(site):
    with ReplicaServer(site) as server:
        assert server.httpd.server_address[0] == "127.0.0.1"
        assert server.base_url.startswith("http://127.0.0.1:")
        assert fetch(server.base_url, "/robots.txt")[0] == 200
        if sys.platform.startswith("linux"):  # all of 127/8 is loopback: only .1 answers
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.2", server.port), timeout=2)
        for address in _other_addresses():
            with pytest.raises(OSError):
                socket.create_connection((address, server.port), timeout=2)


def test_the_replica_command_listens_on_127_0_0_1_only():
    with ReplicaProcess(20) as replica:
        host = urlsplit(replica.base_url)
        assert host.hostname == "127.0.0.1"
        if sys.platform.startswith("linux"):
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.2", host.port), timeout=2)


def _other_addresses() -> list[str]:
    """This host's IPv4 addresses other than loopback (none when it has none)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return sorted({i[4][0] for i in infos if not i[4][0].startswith("127.")})
