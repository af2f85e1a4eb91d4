"""Whether a crawl may be published: what was written against what the site reported, with
every gap explained."""

from __future__ import annotations

from dataclasses import dataclass, field

from casecrawl.fetch.ledger import RunLedger


@dataclass
class Completeness:
    """Whether a crawl may be published, and what is missing if not."""

    expected: int | None
    written: int
    missing: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.expected is not None and self.expected > 0 and not self.missing


def assess(report: RunLedger, written_ids: set[str], listing_slugs: set[str]) -> Completeness:
    """Compare what was written with what the site reported, and explain every gap."""
    total = report.reported_total
    missing: list[dict] = []
    for cue, urls in report.cue_failures.items():
        missing.append({"reason": f"cue '{cue}' failed on {len(urls)} page(s)", "urls": urls[:20]})
    missing += report.cross_check_failures
    missing += report.topic_count_mismatches
    if total is None:
        return Completeness(
            None, len(written_ids), missing or [{"reason": "no listing total was read"}]
        )
    # Pages gone (404/410) and pages refused (too large to read) are listed, not waited for.
    expected = total - len(report.gone) - len(report.refused)
    for url, reason in report.failed.items():
        missing.append({"reason": f"detail page failed: {reason}", "urls": [url]})
    for reject in report.rejects:
        missing.append({"reason": f"rejected: {reject['reason']}", "urls": [reject["url"]]})
    shortfall = total - len(listing_slugs)
    if shortfall > 0:
        missing.append(
            {"reason": f"{shortfall} case studies reported but not found on any listing page"}
        )
    if len(written_ids) < expected and not missing:
        missing.append({"reason": f"{expected - len(written_ids)} case studies not written"})
    return Completeness(expected, len(written_ids), missing)
