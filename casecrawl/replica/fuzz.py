"""Run the parsers over the replica in many random markups and count what they get wrong.

For each markup seed the replica's pages are rendered in memory (no HTTP, no Scrapy),
read as a crawl reads them (listing pages oldest first for the teasers and the topic
names, then every case-study page with the teaser's hints), and compared field by
field with the ground truth; the cross-checks run as in a crawl. `casecrawl replica
fuzz` prints the pass rate; the end-to-end tests crawl a fixed set of seeds for real.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlencode

from casecrawl.items import case_study_item
from casecrawl.pages.detail import DetailHints, parse_detail_page
from casecrawl.pages.listing import parse_listing_page
from casecrawl.replica.server import ReplicaServer
from casecrawl.replica.site import PAGE_SIZE, SUPPORT_TYPES, TOPICS, ReplicaSite, expected_row
from pipelines.crosscheck import CUES, DEFAULT_LIMIT, CrossChecks, TitleIndex
from pipelines.topics import normalise_topics

FIELDS = ("title", "summary", "topics", "published_date", "body_text", "sections", "links")
TEASER_FIELDS = ("title", "summary", "topic")


@dataclass
class SeedResult:
    """What the parsers got wrong on one markup seed, and what the cross-checks noticed."""

    seed: int
    pages: int = 0
    wrong: Counter = field(default_factory=Counter)  # field -> pages where it is wrong
    examples: dict[str, tuple[str, object, object]] = field(default_factory=dict)
    cross_checks: dict[str, int] = field(default_factory=dict)  # cue -> disagreements
    problems: Counter = field(default_factory=Counter)  # failed cues

    @property
    def correct(self) -> bool:
        return not self.wrong and not self.problems

    @property
    def refused(self) -> list[str]:
        """Cues on which a crawl would refuse to publish."""
        over = [c for c, n in self.cross_checks.items() if n / max(self.pages, 1) > DEFAULT_LIMIT]
        return sorted(set(over) | set(self.problems))

    def note(self, name: str, url: str, got, want) -> None:
        self.wrong[name] += 1
        self.examples.setdefault(name, (url, got, want))


def fuzz_seed(seed: int, size: int = 40, site_seed: int = 2024) -> SeedResult:
    """Read one random markup's site as a crawl would; compare every field with the truth."""
    site = ReplicaSite(size, site_seed)
    server = ReplicaServer(site, "random", markup_seed=seed)
    base = server.base_url
    try:
        return _read_site(seed, site, server, base)
    finally:
        server.httpd.server_close()


def _read_site(seed: int, site: ReplicaSite, server: ReplicaServer, base: str) -> SeedResult:
    result = SeedResult(seed)
    vocabulary: frozenset[str] = frozenset()
    boilerplate: frozenset[str] = frozenset()
    teasers = {}
    pages = (len(site.case_studies) + PAGE_SIZE - 1) // PAGE_SIZE
    for page in range(pages):
        query = urlencode({"sort_by": "created", "sort_order": "ASC", "page": page})
        url = f"{base}/case-studies?{query}"
        listing = parse_listing_page(server.listing(query), url, base, vocabulary)
        vocabulary |= frozenset(listing.topics)
        boilerplate = boilerplate or listing.boilerplate  # page 0's, as the spider keeps it
        result.problems.update(listing.problems)
        for name, want in (("topics", TOPICS), ("support_types", SUPPORT_TYPES)):
            if getattr(listing, name) != list(want.values()):
                result.note(f"filter {name}", url, getattr(listing, name), list(want.values()))
        for teaser in listing.teasers:
            teasers[teaser.slug] = teaser
            case = site.by_slug.get(teaser.slug)
            if case is None:
                result.note("teaser slug", url, teaser.slug, None)
                continue
            shown = {
                "title": case.title,
                "summary": case.summary,
                "topic": case.topics[0] if case.teaser_label else None,
            }
            for name in TEASER_FIELDS:
                got = getattr(teaser, name)
                if name == "topic" and teaser.topic_ambiguous:  # either reading may be right
                    got = shown[name] if shown[name] == teaser.topic_alternative else got
                if got != shown[name]:
                    result.note(f"teaser {name}", url, got, shown[name])
    missing = [c.slug for c in site.case_studies if c.slug not in teasers]
    if missing:
        result.note("teasers found", base, len(teasers), len(site.case_studies))
    checks = CrossChecks()
    labels = {t.topic for t in teasers.values() if t.topic}
    index = TitleIndex(teasers)
    for slug, teaser in teasers.items():
        case = site.by_slug.get(slug)
        if case is None:
            continue
        url = f"{base}/case-studies/{slug}"
        hints = DetailHints(teaser.summary, vocabulary, True, boilerplate)
        detail = parse_detail_page(server.detail(case), url, base, hints)
        result.pages += 1
        result.problems.update(detail.problems)
        item = case_study_item(
            slug, url, detail, teaser, 0, datetime.now(timezone.utc), base
        )  # fmt: skip
        item["topics"], _ = normalise_topics(item["topics"], vocabulary)
        want = expected_row(case, base, 0)
        for name in FIELDS:
            if item[name] != want[name]:
                result.note(name, url, item[name], want[name])
        checks.check_item(item, teaser, set(vocabulary) | labels)
        checks.check_body(item, index)
    result.cross_checks = {cue: len(checks.disagreements.get(cue, [])) for cue in CUES}
    return result


def format_results(results: list[SeedResult]) -> str:
    """Pass rate, fields wrong by how many seeds, cues the cross-checks caught, examples."""
    passing = [r for r in results if r.correct]
    silent = [r for r in results if not r.correct and not r.refused]
    lines = [
        f"markup seeds tried   : {len(results)}",
        f"every field right    : {len(passing)} ({len(passing) / max(len(results), 1):.0%})",
        f"wrong and published  : {len(silent)} (wrong fields the cross-checks did not catch)",
        f"refused to publish   : {sum(1 for r in results if r.refused)}",
    ]
    by_field = Counter(name for r in results for name in r.wrong)
    if by_field:
        lines.append(
            "fields wrong (seeds) : " + ", ".join(f"{k} {v}" for k, v in by_field.most_common())
        )
    for r in results:
        if r.correct:
            continue
        refused = ",".join(r.refused) or "NOTHING"
        lines.append(f"  seed {r.seed}: wrong {dict(r.wrong)}; refused on {refused}")
        for name, (url, got, want) in r.examples.items():
            lines.append(f"    {name} {url}\n      got  {got!r:.300}\n      want {want!r:.300}")
    return "\n".join(lines)
