"""Cross-checks per field: what a case-study page gave, against what the site says elsewhere.

The listing shows each case study's title, summary and topic label, and the topic
filter names every topic; a field that disagrees with them was probably read wrong.
Disagreements are counted per cue; a cue on which more than its limit (2% of detail
pages by default) disagree stops the snapshot from being published.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from casecrawl.parse.blocks import normalise_text
from casecrawl.parse.detail import ELLIPSIS, clean_summary
from casecrawl.parse.listing import Teaser

CUES = ("title", "summary", "topics", "date", "body", "template")
# Who gives each cue's second opinion: the listing (every page), the libraries (spot checks:
# casecrawl/parse/opinions.py), the template itself (a learned path that found nothing).
SOURCES = ("listing", "libraries", "template")
# The fields a source must confirm somewhere before they are published.
CONFIRMED = ("title", "summary", "topics", "date", "body")
REUSED_TEMPLATE_PAGES = 20
DEFAULT_LIMIT = 0.02
TEMPLATE_HINT = (
    ". The site's markup may have changed since its template was learned: a full crawl "
    "(`casecrawl crawl`) learns it anew"
)
EXAMPLES = 20


def title_disagreement(title: str | None, teaser: Teaser) -> str | None:
    """The page's h1 must read as the teaser's link text."""
    if not teaser.title or normalise_text(title) == normalise_text(teaser.title):
        return None
    return f"h1 {title!r} but the listing says {teaser.title!r}"


def summary_disagreement(summary: str | None, teaser: Teaser, page_texts: list[str]) -> str | None:
    """The page's summary must be the teaser's (or extend it, when the teaser ends in '...').

    A page may show no summary; but when it shows the teaser's text as a block of its own
    and the parser did not read it as the summary, that is a disagreement.
    """
    if teaser.summary is None:
        return None
    shown = clean_summary(teaser.summary)
    stem = ELLIPSIS.sub("", shown)
    shortened = stem != shown
    if summary is None:
        if any(_agrees(clean_summary(t), shown, stem, shortened) for t in page_texts):
            return "the page shows the teaser's summary, but no summary was read"
        return None
    page = clean_summary(summary)
    if _agrees(page, shown, stem, shortened):
        return None
    if page.startswith(stem):
        return f"the summary goes on past the listing's: {_clip(page[len(stem) :])!r}"
    if stem.startswith(page):
        return f"the summary stops short of the listing's: {_clip(stem[len(page) :])!r} is missing"
    return f"summary {_clip(summary)!r} but the listing says {_clip(teaser.summary)!r}"


def _agrees(text: str, shown: str, stem: str, shortened: bool) -> bool:
    return text == shown or (shortened and text.startswith(stem))


def topics_disagreement(topics: list[str], teaser: Teaser, vocabulary: set[str]) -> str | None:
    """Every topic must be a name the site's filter (or its labels) knows; the teaser's among them."""
    known = {v.casefold() for v in vocabulary}
    unknown = [t for t in topics if known and t.casefold() not in known]
    if unknown:
        return f"topic(s) {unknown!r} are not in the listing's topic names"
    shown = {t.casefold() for t in topics}
    readings = (
        [teaser.topic, teaser.topic_alternative] if teaser.topic_ambiguous else [teaser.topic]
    )
    if not any(label is None or label.casefold() in shown for label in readings):
        return f"the listing labels it {teaser.topic!r} but the page's topics are {topics!r}"
    return None


def date_disagreement(published_date, evidence: list[str], listed=None) -> str | None:
    """A page that shows something date-like in its header must yield a date; a date the
    listing shows for the case study must be the page's."""
    if listed is not None and published_date != listed:
        return f"the listing dates it {listed}, the page reads {published_date}"
    if published_date is None and evidence:
        return f"the header shows {evidence[0]!r} but no date was read"
    return None


def template_disagreement(misses: list[str]) -> str | None:
    """The learned template must find its fields on every page: when it does not, the page
    (or the site's markup) is not as the sample was."""
    if misses:
        return f"the template did not place {', '.join(misses)} on the page"
    return None


class TitleIndex:
    """Every case study's title and teaser summary, to spot one page's related block in another."""

    def __init__(self, teasers: dict[str, Teaser]):
        self.by_title: dict[str, Teaser] = {}
        for teaser in teasers.values():
            if teaser.title and len(teaser.title) >= 12:
                self.by_title.setdefault(normalise_text(teaser.title), teaser)
        self.lengths = sorted({len(t) for t in self.by_title}, reverse=True)

    def title_at_start(self, text: str, own_slug: str) -> Teaser | None:
        for length in self.lengths:
            teaser = self.by_title.get(text[:length])
            if teaser and teaser.slug != own_slug:
                return teaser
        return None


def body_disagreement(body_text: str, own_slug: str, index: TitleIndex) -> str | None:
    """The body must not end with links to other case studies, nor hold one's title and teaser."""
    blocks = [normalise_text(b) for b in body_text.split("\n\n") if b.strip()]
    lines = [line.lstrip("- ") for b in blocks for line in b.split("\n")]
    for i, block in enumerate(blocks):
        other = index.title_at_start(block, own_slug)
        if other is None or not other.summary:
            continue
        after = block[len(normalise_text(other.title)) :].strip() or (
            blocks[i + 1] if i + 1 < len(blocks) else ""
        )
        if after and normalise_text(ELLIPSIS.sub("", other.summary))[:40] in after[:200]:
            return f"the body holds another case study's title and teaser: {other.title!r}"
    tail = [line for line in lines[-3:] if index.title_at_start(line, own_slug)]
    if len(tail) >= 2 and lines[-1] in tail:
        return f"the body ends with links to other case studies: {tail!r}"
    return None


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class CrossChecks:
    """Disagreements per cue over the detail pages of one crawl, with their source."""

    checked: int = 0  # pages checked against the listing and the template
    spot_checked: int = 0  # pages the libraries gave second opinions on
    disagreements: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    # Per field: pages where it has a value, and pages where a source said the same.
    valued: Counter = field(default_factory=Counter)
    confirmed: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, cue: str, url: str, reason: str | None, source: str = "listing") -> None:
        if reason:
            self.disagreements[cue].append({"url": url, "reason": reason, "source": source})

    def check(self, cue: str, url: str, reason: str | None, evidence: bool, source: str) -> None:
        """A second opinion: a disagreement, or (when the source had evidence) a confirmation."""
        self.add(cue, url, reason, source)
        if evidence and not reason:
            self.confirmed[cue][source] += 1

    def check_item(self, item: dict, teaser: Teaser, vocabulary: set[str]) -> None:
        url = item["url"]
        self.checked += 1
        topics, summary = item.get("topics", []), item.get("summary")
        for cue, value in (("title", item.get("title")), ("summary", summary), ("topics", topics)):
            self.valued[cue] += bool(value)
        self.valued["date"] += item.get("published_date") is not None
        self.valued["body"] += bool(item.get("body_text"))
        self.check(
            "title",
            url,
            title_disagreement(item.get("title"), teaser),
            bool(teaser.title),
            "listing",
        )
        texts = item.get("header_texts", [])
        reason = summary_disagreement(summary, teaser, texts)
        self.check("summary", url, reason, bool(teaser.summary and summary), "listing")
        # The filter's topic names are a source of their own: every name must be one.
        reason = topics_disagreement(topics, teaser, vocabulary)
        self.check("topics", url, reason, bool(topics and vocabulary), "listing")
        evidence = item.get("date_evidence", [])
        listed = getattr(teaser, "date", None)
        reason = date_disagreement(item.get("published_date"), evidence, listed)
        self.check("date", url, reason, listed is not None, "listing")
        misses = item.get("template_misses", [])
        self.add("template", url, template_disagreement(misses), "template")

    def check_opinions(self, item: dict) -> None:
        """The libraries' second opinions on a spot-checked page (None: no opinion)."""
        opinions = item.get("opinions")
        if opinions is None:
            return
        self.spot_checked += 1
        for cue, reason in opinions.items():
            self.check(cue, item["url"], reason, reason is not None, "libraries")

    def unconfirmed(self, fewest: int = 1) -> list[dict]:
        """A field read on at least `fewest` pages that no independent source confirmed."""
        return [
            {
                "reason": f"nothing independent confirmed the {cue}: it was read on "
                f"{self.valued[cue]} pages, and neither the listing nor the libraries gave it "
                "on any of them",
                "field": cue,
                "share": 1.0,
                "urls": [],
            }
            for cue in CONFIRMED
            if self.valued[cue] >= fewest and not sum(self.confirmed[cue].values())
        ]

    def check_body(self, item: dict, index: TitleIndex) -> None:
        self.add("body", item["url"], body_disagreement(item["body_text"], item["id"], index))

    def count(self, cue: str, source: str) -> int:
        return sum(1 for d in self.disagreements.get(cue, []) if d["source"] == source)

    def share(self, cue: str) -> float:
        """The larger of the shares of pages each source disagrees on."""
        shares = [0.0]
        if self.checked:
            shares.append((self.count(cue, "listing") + self.count(cue, "template")) / self.checked)
        if self.spot_checked:
            shares.append(self.count(cue, "libraries") / self.spot_checked)
        return max(shares)

    def manifest(self, limits: dict[str, float]) -> dict:
        """Per cue: pages checked, disagreements, their share, the limit, each source's
        counts and example URLs."""
        return {
            cue: {
                "checked": self.checked,
                "disagreements": len(self.disagreements.get(cue, [])),
                "share": round(self.share(cue), 4),
                "limit": limits.get(cue, DEFAULT_LIMIT),
                "sources": {
                    "listing": {
                        "checked": self.checked,
                        "disagreements": self.count(cue, "listing"),
                    },
                    "libraries": {
                        "checked": self.spot_checked,
                        "disagreements": self.count(cue, "libraries"),
                    },
                    "template": {
                        "checked": self.checked,
                        "disagreements": self.count(cue, "template"),
                    },
                },
                "valued": self.valued[cue],
                "confirmed": dict(self.confirmed[cue]),
                "examples": self.disagreements.get(cue, [])[:EXAMPLES],
            }
            for cue in CUES
        }

    def failures(self, limits: dict[str, float], fewest: int = 1) -> list[dict]:
        """One 'missing' entry per cue whose share of disagreeing pages is above its limit,
        and one per field nothing independent confirmed on `fewest` or more pages."""
        out = [u for u in self.unconfirmed(fewest) if limits.get(u["field"], DEFAULT_LIMIT) < 1]
        for cue in CUES:
            share, limit = self.share(cue), limits.get(cue, DEFAULT_LIMIT)
            if share > limit:
                examples = self.disagreements[cue]
                hint = TEMPLATE_HINT if cue == "template" else ""
                out.append(
                    {
                        "reason": f"cross-check '{cue}': {share:.1%} of the detail pages checked "
                        f"disagree (limit {limit:.0%}; {self.checked} checked against the "
                        f"listing, {self.spot_checked} by the libraries); first "
                        f"({examples[0]['source']}): {examples[0]['reason']}{hint}",
                        "field": cue,
                        "share": round(share, 4),
                        "urls": [e["url"] for e in examples[:3]],
                    }
                )
        return out


def parse_allowances(values: list[str]) -> dict[str, float]:
    """'summary=0.05' or 'summary=5%' -> {'summary': 0.05}; a clear error names a bad value."""
    limits: dict[str, float] = {}
    for value in values:
        cue, _, share = value.partition("=")
        cue = cue.strip()
        if cue not in CUES:
            raise ValueError(
                f"--allow-disagreement {value!r}: unknown cue {cue!r}; cues: {', '.join(CUES)}"
            )
        try:
            number = float(share.strip().rstrip("%"))
        except ValueError:
            raise ValueError(
                f"--allow-disagreement {value!r}: SHARE must be a number like 0.05 or 5%"
            ) from None
        if share.strip().endswith("%"):
            number /= 100
        if not 0 <= number <= 1:
            raise ValueError(f"--allow-disagreement {value!r}: SHARE must lie between 0 and 1")
        limits[cue] = number
    return limits
