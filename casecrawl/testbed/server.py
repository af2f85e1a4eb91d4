"""Serve the replica over HTTP on 127.0.0.1, with the live site's URL structure.

Topic pages (`/topics/<slug>`, `/topics/<parent-slug>/<slug>`, see `site.topic_path`) and the
`/topics` index answer with one simple page whatever the markup: the crawl never fetches
them, they are there so that every topic link of a page leads somewhere.

Detail pages carry HTTP validators (`ETag`, `Last-Modified`) and answer conditional requests
with 304, unless the server runs with `validators=False`; listing pages never carry them.

`rate_limit=N, penalty=S` is a host-wide limiter, as a CDN's: when more than N requests arrive
within one second (a sliding window), every request for the next S seconds, robots.txt
included, is answered 429 with `Retry-After` (seconds left, rounded up; an HTTP date with
`retry_after_date=True`); requests during a penalty do not extend it, and counting starts afresh
after it. Every request's arrival (monotonic and wall time), path and status is kept in
`records`, every penalty in `penalties`.

A site made with `bad_content=True` has one case study of each of `site.BAD_CONTENT_KINDS`;
their pages are damaged here, after the markup rendered them (`ReplicaServer.detail` and
`detail_bytes`), the same way in every markup.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import threading
import time
from collections import Counter, deque
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from casecrawl.testbed.markups import get_variant
from casecrawl.testbed.site import (
    BANNERS,
    HUGE_PAGE_BYTES,
    INVALID_BYTES,
    PAGE_SIZE,
    REPLACEMENT,
    SUB_TOPICS,
    SUPPORT_TYPES,
    TOPICS,
    BodyBlock,
    ReplicaSite,
    Segment,
    season_of,
    topic_at,
    topic_path,
)
from casecrawl.testbed.views import DetailView, ListingView, escape

TOPICS_PATH = re.compile(r"^/topics(/.*)?$")
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\nDisallow: /search/\nDisallow: /user/\n"
DETAIL_PATH = re.compile(r"^/case-studies/([^/]+)/?$")
NODE_PATH = re.compile(r"^/node/(\d+)/?$")
TOO_MANY = "Too Many Requests\n"
# What the script_style page hides in <script>, <style> and <noscript>: never part of a row.
HIDDEN_TEXTS = (
    "Script text that no crawler may read",
    "Style text that no crawler may read",
    "Noscript text that no crawler may read",
)


@dataclasses.dataclass(frozen=True)
class RequestRecord:
    """One request: when it arrived (`time.monotonic()` and `time.time()`), what it asked for
    and the status it was answered with."""

    arrived: float
    wall: float
    method: str
    path: str
    status: int


@dataclasses.dataclass(frozen=True)
class Penalty:
    """A penalty of the rate limiter: from the request that tripped it to its end, in
    monotonic and wall time."""

    start: float
    end: float
    wall_start: float
    wall_end: float


class ReplicaServer:
    """A running replica: the site model, a markup variant, and a threaded HTTP server.

    `markup_seed` chooses the markup of the 'random' variant (an error with a named variant).
    `validators=False` sends no ETag or Last-Modified and never answers 304. `request_log`
    names a file to which one line per request is appended: `ARRIVED METHOD PATH STATUS`, the
    arrival a Unix time with milliseconds (`1732370000.123 GET /robots.txt 429`).
    `statuses` counts the responses sent, by status; `records` holds every request
    (RequestRecord, in the order answered), `penalties` every penalty (Penalty).
    `rate_limit`, `penalty` and `retry_after_date`: the limiter (see the module's docstring).
    """

    def __init__(
        self,
        site: ReplicaSite,
        variant: str = "classic",
        port: int = 0,
        latency: float = 0.0,
        publish_after: int | None = None,
        markup_seed: int | None = None,
        validators: bool = True,
        request_log: str | None = None,
        rate_limit: int | None = None,
        penalty: float = 10.0,
        retry_after_date: bool = False,
    ):
        if rate_limit is not None and rate_limit < 1:
            raise ValueError(
                f"the rate limit must be at least 1 request a second, got {rate_limit}"
            )
        if rate_limit is not None and not penalty > 0:
            raise ValueError(f"the penalty must be a positive number of seconds, got {penalty}")
        self.site = site
        self.markup = get_variant(variant, markup_seed)
        self.variant = variant
        self.markup_seed = markup_seed
        self.latency = latency
        self.publish_after = publish_after  # listing requests before one case study is published
        self.validators = validators
        self.requests = 0
        self.listing_requests = 0
        self.statuses: Counter[int] = Counter()
        self.rate_limit = rate_limit
        self.penalty = penalty
        self.retry_after_date = retry_after_date
        self.records: list[RequestRecord] = []
        self.penalties: list[Penalty] = []
        self._window: deque[float] = deque()  # arrivals counted by the limiter, last second
        self._lock = threading.Lock()
        self._request_log = None
        if request_log:  # closed by stop()
            self._request_log = open(request_log, "a", encoding="utf-8")
        handler = type("Handler", (_Handler,), {"replica": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    def banner(self) -> str:
        """The site-wide banner; it changes every 500 requests, as the live one changes over time."""
        return BANNERS[(self.requests // 500) % len(BANNERS)]

    def start(self) -> ReplicaServer:
        # A short poll interval: stop() returns at once instead of after up to half a second.
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._request_log is not None:
            with self._lock:
                self._request_log.close()
                self._request_log = None

    def responded(
        self,
        method: str,
        path: str,
        status: int,
        arrived: tuple[float, float] | None = None,
    ) -> None:
        """Count a response, record it and log it (one line, flushed at once). `arrived`:
        the request's (monotonic, wall) arrival time, now when not given."""
        monotonic, wall = arrived or (time.monotonic(), time.time())
        with self._lock:
            self.statuses[status] += 1
            self.records.append(RequestRecord(monotonic, wall, method, path, status))
            if self._request_log is not None:
                self._request_log.write(f"{wall:.3f} {method} {path} {status}\n")
                self._request_log.flush()

    def admit(self, arrived: float, wall: float) -> float | None:
        """The limiter's decision on a request that arrived at `arrived` (monotonic; `wall`
        the same instant in Unix time): None to serve it, else the penalty's end (monotonic)."""
        if self.rate_limit is None:
            return None
        with self._lock:
            current = self.penalties[-1] if self.penalties else None
            if current is not None and arrived < current.end:
                return current.end  # not counted: a penalty is never extended
            window = self._window
            window.append(arrived)
            while window and window[0] <= arrived - 1.0:
                window.popleft()
            if len(window) <= self.rate_limit:
                return None
            window.clear()  # after the penalty, counting starts afresh
            self.penalties.append(
                Penalty(arrived, arrived + self.penalty, wall, wall + self.penalty)
            )
            return arrived + self.penalty

    def retry_after(self, end: float, now: float) -> str:
        """The Retry-After of a 429: the seconds left until `end` (monotonic) rounded up, or
        with `retry_after_date` the HTTP date of the penalty's end, rounded up to the second."""
        if not self.retry_after_date:
            return str(max(1, math.ceil(end - now)))
        wall_end = self.penalties[-1].wall_end
        return http_date(datetime.fromtimestamp(math.ceil(wall_end), timezone.utc))

    def in_penalty(self, now: float | None = None) -> bool:
        """Whether requests arriving at `now` (monotonic; default now) are answered 429."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return bool(self.penalties) and now < self.penalties[-1].end

    def validators_of(self, case) -> tuple[str, str]:
        """(ETag, Last-Modified) of a case study's page."""
        return etag_of(case, self.variant, self.markup_seed), http_date(case.modified)

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- pages --------------------------------------------------------------
    def listing(self, query: str) -> str:
        params = dict(parse_qsl(query, keep_blank_values=True))
        with self._lock:
            self.listing_requests += 1
            if self.publish_after is not None and self.listing_requests == self.publish_after:
                self.site.publish(datetime.now(timezone.utc))
        results = self.site.query(params)
        try:
            page = max(int(params.get("page", "0") or 0), 0)
        except ValueError:
            page = 0
        last_page = max((len(results) - 1) // PAGE_SIZE, 0)
        on_page = results[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]

        def page_url(n: int) -> str:
            return "/case-studies?" + urlencode({**params, "page": str(n)})

        view = ListingView(
            base_url=self.base_url,
            banner=self.banner(),
            total=len(results),
            page=page,
            last_page=last_page,
            results=on_page,
            topics=TOPICS,
            support_types=SUPPORT_TYPES,
            page_url=page_url,
            teaser_href=self.teaser_href,
        )
        return self.markup.render_listing(view)

    def teaser_href(self, case) -> str:
        return teaser_href(case, self.base_url)

    def topic_page(self, topic_id: int | None = None) -> str:
        """A topic's page (its parent, sub-topics and filtered listing), or with no topic the
        `/topics` index (every topic, sub-topics under their parent)."""
        return topic_page(topic_id, self.banner())

    def detail(self, case) -> str:
        """A case study's page as text; a bad-content page with its damage done in text
        (its encoding damage is done by `detail_bytes`)."""
        others = self.site.related_to(case)
        related = related_links(others, self.base_url)
        view = DetailView(
            base_url=self.base_url,
            banner=self.banner(),
            case=_marked(case),
            related=related,
            related_cases=others,
        )
        return _damage(case, self.markup.render_detail(view))

    def detail_bytes(self, case) -> bytes:
        """A case study's page as sent (without a huge page's filler, see `huge_parts`)."""
        html = self.detail(case)
        if case.bad_content == "wrong_encoding":
            return html.encode("cp1252", errors="xmlcharrefreplace")
        data = html.encode("utf-8")
        if case.bad_content == "invalid_bytes":
            data = data.replace(REPLACEMENT.encode("utf-8"), INVALID_BYTES)
        return data

    def huge_parts(self, case) -> tuple[bytes, int, bytes]:
        """The huge page as (head, filler size, tail): its page, with a comment of filler
        before `</body>`, HUGE_PAGE_BYTES in all (the handler streams the filler)."""
        data = self.detail_bytes(case)
        at = data.rfind(b"</body>")
        at = len(data) if at < 0 else at
        head, tail = data[:at] + b"<!-- ", b" -->" + data[at:]
        return head, HUGE_PAGE_BYTES - len(head) - len(tail), tail


# --- bad content ----------------------------------------------------------------------------
# Marks rendered in a bad-content page's place and replaced after rendering, so that the damage
# lands where each markup puts the body, the summary and the date.
BODY_MARKS = ("casecrawlbodymarkstart", "casecrawlbodymarkmiddle", "casecrawlbodymarkend")
SUMMARY_MARK = "casecrawlblanksummarymark"
DATE_MARK = datetime(1904, 2, 29, 13, 7, tzinfo=timezone.utc)  # a date no case study has
BLANK_SUMMARY = " \n\t&nbsp; \n"
UNCLOSED = (
    "<div><p>"
    '<form action="/search" method="get"><form action="/newsletter" method="post">'
    '<input type="hidden" name="form_id" value="newsletter"><input type="email" name="mail">'
    "</form></form>"
)
SCRIPT_STYLE = (
    '<script type="text/javascript">window.dataLayer = window.dataLayer || [];'
    f' dataLayer.push({{"note": "{HIDDEN_TEXTS[0]}"}});</script>'
    f'<style>.map-embed::after {{ content: "{HIDDEN_TEXTS[1]}"; }}</style>',
    f"<noscript><p>{HIDDEN_TEXTS[2]}: turn on JavaScript to see the map.</p></noscript>",
    f'<script>document.write("<p>{HIDDEN_TEXTS[0]}</p>");</script>',
)


def _marked(case):
    """The case study a bad-content page is rendered from: marks where the damage goes."""
    kind = case.bad_content
    if kind in ("unclosed_tags", "script_style"):
        mark = [BodyBlock("p", [Segment(m)]) for m in BODY_MARKS]
        half = len(case.body) // 2
        body = [mark[0], *case.body[:half], mark[1], *case.body[half:], mark[2]]
        return dataclasses.replace(case, body=body)
    if kind == "blank_summary":
        return dataclasses.replace(case, summary=SUMMARY_MARK)
    if kind == "season_date":
        return dataclasses.replace(case, shows_date=True, created=DATE_MARK)
    return case


def _damage(case, html: str) -> str:
    """A bad-content page rendered from `_marked(case)`, damaged as its kind says."""
    kind = case.bad_content
    if kind in ("unclosed_tags", "script_style"):
        html, at = _cut_marks(html)
        if kind == "unclosed_tags":
            body = html[at[0] : at[2]].replace("</p>", "")
            return html[: at[0]] + UNCLOSED + body + html[at[2] :]
        start, middle, end = SCRIPT_STYLE
        return (
            html[: at[0]] + start + html[at[0] : at[1]] + middle + html[at[1] : at[2]] + end
            + html[at[2] :]
        )  # fmt: skip
    if kind == "blank_summary":
        return html.replace(SUMMARY_MARK, BLANK_SUMMARY)
    if kind == "season_date":
        return _season_date(html, season_of(case.created.date()))
    if kind == "entities_nbsp":
        for text in (case.title, case.summary):
            html = html.replace(escape(text), _entities(escape(text)))
    return html


def _cut_marks(html: str) -> tuple[str, list[int]]:
    """The page without the body's marks (each an element holding only its mark) and where
    they were."""
    at = []
    for mark in BODY_MARKS:
        i = html.index(mark)
        start = html.rindex("<", 0, i)
        end = html.index(">", i + len(mark)) + 1
        if not html.startswith("</", i + len(mark)):
            raise ValueError(f"the markup wraps a body paragraph in more than one element: {mark}")
        html = html[:start] + html[end:]
        at.append(start)
    return html, at


def _entities(text: str) -> str:
    """Escaped text with entities and non-breaking spaces: '&#8217;' for each apostrophe,
    '&nbsp;' for its first space and a raw U+00A0 for its last."""
    text = text.replace("\u2019", "&#8217;")
    first, last = text.find(" "), text.rfind(" ")
    if first < 0:
        return text
    text = text[:first] + "&nbsp;" + text[first + 1 :]
    last += len("&nbsp;") - 1
    if last > first + len("&nbsp;") - 1:
        text = text[:last] + "\u00a0" + text[last + 1 :]
    return text


def _season_date(html: str, season: str) -> str:
    """The page rendered with DATE_MARK, with a season instead of any form of that date, in
    meta tags too (`content="Summer 2021"`); <time> elements of it reduced to their text."""
    day = DATE_MARK.date()
    iso = re.escape(day.isoformat())
    html = re.sub(rf"<time[^>]*{iso}[^>]*>(.*?)</time>", r"\1", html)
    weekday, month, year = f"{day:%A}", f"{day:%B}", str(day.year)
    written = (
        rf"(?:(?:{weekday}|{weekday[:3]}),? )?(?:{day.day}(?:th)?(?: of)? )?"
        rf"(?:{month}|{month[:3]})(?: {day.day},)? {year}"
    )
    numeric = rf"{day:%d/%m/%Y}|{iso}(?:T[0-9:.+-]+)?"
    html = re.sub(rf"{written}|{numeric}", season, html)
    if re.search(rf"\b{year}\b", html):
        raise ValueError("the markup writes a date in a form the season date does not replace")
    return html


def etag_of(case, variant: str = "classic", markup_seed: int | None = None) -> str:
    """A strong ETag for a case study's page: a hash of the case study's content and its
    `modified` time, with the markup that renders it. It ignores what changes around the case
    study (the banner, the related block, the port), so it changes only when the case study does.
    """
    state = {"case": dataclasses.asdict(case), "markup": [variant, markup_seed]}
    text = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


def http_date(when: datetime) -> str:
    """An HTTP date (RFC 9110, IMF-fixdate): 'Sun, 06 Nov 1994 08:49:37 GMT'."""
    return format_datetime(when.astimezone(timezone.utc).replace(microsecond=0), usegmt=True)


def not_modified(headers, etag: str, last_modified: datetime) -> bool:
    """Whether a request's conditions say the client's copy is current (RFC 9110, 13.2.2):
    If-None-Match when sent (weak comparison, '*' matches), else If-Modified-Since."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        return any(t == "*" or t.removeprefix("W/") == etag for t in tags)
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False  # an invalid date is ignored
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return last_modified.replace(microsecond=0) <= since


def teaser_href(case, base_url: str) -> str:
    """Mostly relative slug links; a few with the forms the live site's links take."""
    form = case.nid % 37
    path = f"/case-studies/{case.slug}"
    if form == 1:
        return path + "/"
    if form == 2:
        return path + "?utm_source=listing"
    if form == 3:
        return path + "#main-content"
    if form == 4:
        return base_url.replace("127.0.0.1", "localhost") + path
    if form == 5:
        return base_url.replace("http:", "https:") + path
    return path


def topic_page(topic_id: int | None, banner: str) -> str:
    """The one page every markup answers `/topics` and `/topics/...` with."""

    def link(t: int) -> str:
        return f'<a href="{topic_path(t)}">{escape(TOPICS[t])}</a>'

    def subs(t: int | None) -> str:
        items = "".join(f"<li>{link(s)}{subs(s)}</li>" for s in TOPICS if SUB_TOPICS.get(s) == t)
        return f"<ul>{items}</ul>" if items else ""

    if topic_id is None:
        title, main = "Topics", f"<h1>Topics</h1>{subs(None)}"
    else:
        title = TOPICS[topic_id]
        parent = SUB_TOPICS.get(topic_id)
        up = f"<p>Part of {link(parent)}</p>" if parent is not None else ""
        listing = f"/case-studies?topic%5B{topic_id}%5D={topic_id}"
        main = (
            f"<h1>{escape(title)}</h1>{up}{subs(topic_id)}"
            f'<p><a href="{listing}">Case studies on {escape(title)}</a></p>'
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Local Government Association</title></head>
<body><p>{escape(banner)}</p><p><a href="/">Local Government Association</a> | <a href="/topics">Topics</a> | <a href="/case-studies">Case studies</a></p>
<main>{main}</main></body></html>"""


def related_links(others, base_url: str) -> list[tuple[str, str]]:
    """(title, href) of a related block's items, in the forms links to case studies take."""
    forms = (
        lambda o: f"/node/{o.nid}",
        lambda o: f"{base_url}/case-studies/{o.slug}?ref=related",
        lambda o: f"/case-studies/{o.slug}",
    )
    return [(o.title, form(o)) for o, form in zip(others, forms, strict=False)]


class _Handler(BaseHTTPRequestHandler):
    replica: ReplicaServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - quiet: the crawl logs what matters
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        replica = self.replica
        self._arrived = (time.monotonic(), time.time())
        with replica._lock:
            replica.requests += 1
        penalty_end = replica.admit(*self._arrived)
        if penalty_end is not None:  # at once, as a CDN answers: no latency
            retry_after = replica.retry_after(penalty_end, self._arrived[0])
            return self._send(429, TOO_MANY, "text/plain", {"Retry-After": retry_after})
        if replica.latency:
            time.sleep(replica.latency)
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/robots.txt":
            return self._send(200, ROBOTS_TXT, "text/plain")
        if path in ("/case-studies", "/case-studies/"):
            return self._send(200, replica.listing(parts.query))
        if TOPICS_PATH.match(path):
            if path.rstrip("/") == "/topics":
                return self._send(200, replica.topic_page())
            topic = topic_at(path)
            if topic is None:
                return self._not_found(404)
            return self._send(200, replica.topic_page(topic))
        match = DETAIL_PATH.match(path)
        if match:
            case = replica.site.by_slug.get(match.group(1))
            return self._case(case)
        match = NODE_PATH.match(path)
        if match:
            case = replica.site.by_nid.get(int(match.group(1)))
            if case is not None and replica.variant != "classic":
                return self._redirect(f"/case-studies/{case.slug}")
            return self._case(case)
        return self._not_found(404)

    def _case(self, case):
        if case is None:
            return self._not_found(404)
        if case.gone:
            return self._not_found(410)
        replica = self.replica
        headers = {}
        if replica.validators:
            etag, last_modified = replica.validators_of(case)
            headers = {"ETag": etag, "Last-Modified": last_modified}
            if not_modified(self.headers, etag, case.modified):
                self._responded(304)
                self.send_response(304)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                return None
        if case.bad_content == "huge_page":
            return self._send_huge(*replica.huge_parts(case), headers=headers)
        return self._send(200, replica.detail_bytes(case), headers=headers)

    def _send_huge(self, head: bytes, size: int, tail: bytes, headers: dict[str, str]):
        """A page with `size` bytes of comment filler, streamed a MiB at a time."""
        chunk = (b"casecrawl filler " * (1024 * 1024 // 17 + 1))[: 1024 * 1024]
        self._responded(200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(head) + size + len(tail)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(head)
            while size > 0:
                self.wfile.write(chunk[: min(size, len(chunk))])
                size -= len(chunk)
            self.wfile.write(tail)
        except OSError:  # the client stopped reading it, as it should: a size cap
            self.close_connection = True

    def _not_found(self, status: int):
        replica = self.replica
        body = replica.markup.render_not_found(replica.base_url, replica.banner(), status)
        self._send(status, body)

    def _redirect(self, location: str):
        self._responded(301)
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self,
        status: int,
        body: str | bytes,
        content_type: str = "text/html",
        headers: dict[str, str] | None = None,
    ):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._responded(status)
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _responded(self, status: int):
        """Counted and logged before the response goes out, so a client that has it sees it."""
        arrived = getattr(self, "_arrived", None)
        self.replica.responded(self.command, self.path, status, arrived)
