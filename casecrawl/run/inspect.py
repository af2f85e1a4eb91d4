"""What `casecrawl inspect` prints: a page's blocks as the parser sees them, each field with its cue.

The tool to reach for when a crawl refuses to publish: for one page (a URL fetched
politely, its copy in a snapshot's archive, or a saved HTML file) it shows which block the parser took for what, the
value of each field and the cue it came from, and the cross-checks that would fail on
it. Given the listing page that shows the case study (`--listing`), the cross-checks
compare with its teaser and topic names, as a crawl does.
"""

from __future__ import annotations

import json
import re
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from casecrawl.dataset.layout import TEMPLATE_NAME
from casecrawl.parse.detail import DetailHints, DetailPage
from casecrawl.parse.listing import COUNT_SENTENCE, ListingPage, Teaser, parse_listing_page
from casecrawl.parse.reading import read_detail_page
from casecrawl.parse.template import SiteTemplate, TemplatePage
from casecrawl.parse.vocabulary import TopicVocabulary
from casecrawl.settings import USER_AGENT
from casecrawl.urls import canonical_case_study_url, case_study_slug

TEXT_WIDTH = 90
CANONICAL = re.compile(r"<link[^>]+rel=[\"']canonical[\"'][^>]*href=[\"']([^\"']+)", re.I)


class PageUnavailable(Exception):
    """A page could not be read: a missing file, a fetch that failed, a robots.txt refusal."""


@dataclass
class Page:
    """A page's HTML and the URL it stands for."""

    html: str
    url: str


def fetch(url: str, timeout: float = 30) -> str:
    """One page, fetched as the crawl would: robots.txt obeyed, the project's User-Agent."""
    parts = urlsplit(url)
    robots = urllib.robotparser.RobotFileParser(f"{parts.scheme}://{parts.netloc}/robots.txt")
    try:
        robots.read()
    except OSError as error:
        raise PageUnavailable(f"{url}: could not read robots.txt ({error})") from None
    if not robots.can_fetch(USER_AGENT, url):
        raise PageUnavailable(f"{url}: robots.txt does not allow casecrawl to fetch it")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            charset = response.headers.get_content_charset() or "utf-8"
            return response.read().decode(charset, errors="replace")
    except OSError as error:
        raise PageUnavailable(f"{url}: {error}") from None


def load_page(
    source: str, base_url: str, url: str | None = None, archive: dict | None = None
) -> Page:
    """A URL (fetched, or its newest copy in `archive`) or a saved HTML file; for a file, the
    URL it stands for is `url`, or its canonical link, or the listing when it shows the count
    sentence, or the file's name."""
    if source.startswith(("http://", "https://")):
        if archive is None:
            return Page(fetch(source), source)
        page = archive.get(source)
        if page is None:
            raise PageUnavailable(f"{source}: not in the snapshot's archive")
        charset = next((v for k, v in page.headers if k.lower() == "content-type"), "")
        encoding = charset.split("charset=")[-1] if "charset=" in charset else "utf-8"
        return Page(page.body.decode(encoding, errors="replace"), source)
    path = Path(source)
    try:
        html = path.read_text("utf-8", errors="replace")
    except OSError as error:
        raise PageUnavailable(f"{source}: {error.strerror or error}") from None
    if url is None:
        canonical = CANONICAL.search(html)
        if canonical and case_study_slug(canonical.group(1), base_url):
            url = canonical_case_study_url(case_study_slug(canonical.group(1), base_url), base_url)
        elif COUNT_SENTENCE.search(re.sub(r"<[^>]+>", "", html)):
            url = f"{base_url}/case-studies"
        else:
            url = canonical_case_study_url(path.stem.removeprefix("detail-"), base_url)
    return Page(html, url)


def _short(text: str, width: int = TEXT_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_detail(page: DetailPage) -> str:
    """Blocks with their roles, then every field with its value and cue."""
    lines = ["Blocks (index, tag, role, text):"]
    for block, role in page.roles:
        flags = " bold" if block.bold else ""
        links = f"  [{len(block.links)} link(s)]" if block.links else ""
        lines.append(
            f"  {block.index:>4} {block.tag:<8} {role:<10}{flags} {_short(block.text)}{links}"
        )
    lines += ["", "Fields (value <- cue):"]
    fields = {
        "title": page.title,
        "summary": page.summary,
        "topics": page.topics,
        "published_date": page.published_date.isoformat() if page.published_date else None,
        "body_text": _short(page.body_text.replace("\n", " / "), 200),
        "sections": [s["heading"] for s in page.sections],
        "links": page.links,
        "canonical_slug": page.canonical_slug,
    }
    for name, value in fields.items():
        lines.append(f"  {name:<15} {value!r}")
        lines.append(f"  {'':<15} <- {page.cues.get(name, '-')}")
    if page.date_evidence:
        lines.append(f"  date-like text in the header: {page.date_evidence!r}")
    if page.problems:
        lines.append(f"Cues that failed: {', '.join(page.problems)}")
    return "\n".join(lines)


def format_listing(page: ListingPage) -> str:
    """The listing's total, teasers, pager links and filter names."""
    lines = [f"Reported total: {page.total}", f"Teasers ({len(page.teasers)}):"]
    for teaser in page.teasers:
        lines.append(f"  {teaser.position:>2} {teaser.slug}")
        lines.append(f"     title   {teaser.title!r}")
        lines.append(f"     summary {_short(teaser.summary or '', 200)!r}")
        lines.append(f"     topic   {teaser.topic!r}")
    lines.append(f"Pager links: {sorted(page.pager_links)}")
    lines.append(f"Filter by topics: {page.topics}")
    lines.append(f"Filter by support type: {page.support_types}")
    if page.problems:
        lines.append(f"Cues that failed: {', '.join(page.problems)}")
    return "\n".join(lines)


def format_cross_checks(
    page: DetailPage, teaser: Teaser | None, listing: ListingPage, base_url: str
) -> str:
    """The cross-checks a crawl would run on this page, with what it has of the listing."""
    from casecrawl.parse.agreement import CrossChecks, TitleIndex

    if teaser is None:
        teaser = Teaser("", page.url, "", None, None, 0)
        lines = ["Cross-checks (no listing teaser for this page: give --listing to compare):"]
    else:
        lines = [f"Cross-checks against the listing's teaser ({listing.url}):"]
    item = {
        "id": case_study_slug(page.url, base_url) or "",
        "url": page.url,
        "title": page.title,
        "summary": page.summary,
        "topics": page.topics,
        "published_date": page.published_date,
        "body_text": page.body_text,
        "date_evidence": page.date_evidence,
        "header_texts": page.header_texts,
    }
    vocabulary = set(listing.topics) | {t.topic for t in listing.teasers if t.topic}
    checks = CrossChecks()
    checks.check_item(item, teaser, vocabulary)
    checks.check_body(item, TitleIndex({t.slug: t for t in listing.teasers}))
    for cue in ("title", "summary", "topics", "date", "body"):
        found = checks.disagreements.get(cue)
        lines.append(f"  {cue:<8} {'DISAGREES: ' + found[0]['reason'] if found else 'agrees'}")
    return "\n".join(lines)


def format_template(template: SiteTemplate, detail: DetailPage) -> str:
    """Where the site's template says each field lives, and who placed it on this page."""
    data = template.to_json()
    lines = [f"Template (learned from {data['sample_pages']} sample pages):"]
    for name, entry in data["fields"].items():
        if "paths" in entry:
            where = " | ".join(p["path"] for p in entry["paths"]) or "-"
        else:
            where = entry.get("path", "-")
        agreement = entry.get("sample_agreement")
        share = f", sample agreement {agreement:.0%}" if agreement is not None else ""
        note = entry.get("unplaced") or entry.get("note")
        lines.append(f"  {name:<15} {where}{share}; matched against the {entry['evidence']}")
        if note:
            lines.append(f"  {'':<15} {note}")
        lines.append(f"  {'':<15} on this page: {detail.placed.get(name, '-')}")
    if detail.template_misses:
        lines.append(f"  not as the sample: {', '.join(detail.template_misses)}")
    return "\n".join(lines)


def load_template(path: str | Path) -> SiteTemplate:
    """A snapshot's template.json (the file, or the snapshot folder holding it)."""
    path = Path(path)
    if path.is_dir():
        path = path / TEMPLATE_NAME
    try:
        return SiteTemplate.from_json(json.loads(path.read_text("utf-8")))
    except OSError as error:
        raise PageUnavailable(f"{path}: {error.strerror or error}") from None
    except (ValueError, KeyError) as error:
        raise PageUnavailable(f"{path}: not a casecrawl template ({error})") from None


def inspect_page(
    page: Page, base_url: str, listing: Page | None = None, template: SiteTemplate | None = None
) -> str:
    """The report for one page, a listing or a case study by its URL; with a template (a
    snapshot's), the page is read by it, as that crawl read its pages."""
    if case_study_slug(page.url, base_url) is None:
        return format_listing(parse_listing_page(page.html, page.url, base_url))
    shown = parse_listing_page(listing.html, listing.url, base_url) if listing else None
    slug = case_study_slug(page.url, base_url)
    teaser = next((t for t in shown.teasers if t.slug == slug), None) if shown else None
    names = frozenset(shown.topics) if shown else frozenset()
    labels = {t.topic for t in shown.teasers if t.topic} if shown else set()
    vocabulary = TopicVocabulary(names | labels)
    if template is not None and teaser is not None:
        teaser = template.read_teaser(teaser, vocabulary, base_url)
    hints = DetailHints(
        summary=teaser.summary if teaser else None,
        vocabulary=names,
        from_listing=teaser is not None,
    )
    reading = TemplatePage(page.html, page.url, base_url)
    detail = read_detail_page(reading, template, teaser, vocabulary, hints)
    empty = ListingPage(url="", total=None, teasers=[], pager_links={})
    checks = format_cross_checks(detail, teaser, shown or empty, base_url)
    parts = [format_detail(detail)]
    if template is not None:
        parts.append(format_template(template, detail))
    return "\n\n".join([*parts, checks])
