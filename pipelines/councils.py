"""Which councils each case study is about (and mentions), identified in the official register."""

from __future__ import annotations

import logging
import os
from datetime import date

from casecrawl.councils.matcher import CouncilMatcher
from casecrawl.councils.register import CouncilRegister, locate_register
from pipelines import CrawlerPipeline

logger = logging.getLogger(__name__)
FIELDS = ("title", "summary", "body")


def first_paragraph_span(body_text: str) -> tuple[int, int]:
    """Where the body's first paragraph lies (headings, short lines without a stop, skipped)."""
    offset = 0
    for block in (body_text or "").split("\n\n"):
        text = block.strip()
        if text and (len(text) > 60 or text.endswith((".", "!", "?"))):
            start = offset + block.index(text)
            return start, start + len(text)
        offset += len(block) + 2
    return 0, 0


def first_paragraph(body_text: str) -> str:
    """The body's first paragraph."""
    start, end = first_paragraph_span(body_text)
    return (body_text or "")[start:end]


def existing_council(register, code: str, when) -> tuple[str, str | None]:
    """The council that existed on the case study's date: a council abolished before then is
    followed to its one successor (not when it was split between several). (code, the code
    the text named when that differs, else None.)"""
    named, seen = code, set()
    while when is not None and code not in seen:
        seen.add(code)
        authority = register[code]
        successor = authority.successor_code or ""
        ended = authority.end_date and date.fromisoformat(authority.end_date) <= when
        if not ended or not successor or "," in successor or successor not in register.authorities:
            break
        code = successor
    return code, (named if code != named else None)


def council_fields(item: dict, matcher: CouncilMatcher) -> tuple[dict, list[dict], list]:
    """(the item's council columns, its case_study_councils rows, ambiguous names seen)."""
    found: dict[str, dict] = {}  # code -> link row, in order of first appearance
    ambiguous = []
    texts = {
        "title": item.get("title"),
        "summary": item.get("summary"),
        "body": item.get("body_text"),
    }
    for field in FIELDS:
        result = matcher.match(texts[field] or "")
        if field == "body":
            body_councils = result.councils
        ambiguous += result.ambiguous
        for match in result.councils:
            code, named = existing_council(matcher.register, match.code, item.get("published_date"))
            if code not in found:
                found[code] = {
                    "named_code": named,
                    "field": field,
                    "matched_text": match.matched_text,
                    "match_start": match.start,
                    "match_rule": match.rule,
                    "role": "mentioned",
                }
    subjects = [c for c, link in found.items() if link["field"] != "body"]
    if not subjects:
        # Councils whose first mention in the body falls in its first paragraph.
        start, end = first_paragraph_span(texts["body"] or "")
        subjects = [
            existing_council(matcher.register, m.code, item.get("published_date"))[0]
            for m in body_councils
            if start <= m.start < end
        ]
        subjects = list(dict.fromkeys(subjects))
    for code in subjects:
        found[code]["role"] = "subject"
    register = matcher.register
    authorities = [register[code] for code in subjects]
    fields = {
        "council_codes": subjects,
        "council_gss_codes": [a.gss_code for a in authorities],
        "council_names": [a.official_name for a in authorities],
        "council_types": [a.type for a in authorities],
        "regions": [a.region for a in authorities],
        "nations": [a.nation for a in authorities],
        "councils_mentioned": list(found),
    }
    return fields, _link_rows(item["id"], found, register), ambiguous


def _link_rows(case_study_id: str, found: dict[str, dict], register) -> list[dict]:
    """The case_study_councils rows of one case study: each council found, with its evidence."""
    links = []
    for code, link in found.items():
        authority = register[code]
        links.append(
            {
                "case_study_id": case_study_id,
                "local_authority_code": code,
                "gss_code": authority.gss_code or None,
                "official_name": authority.official_name,
                "type": authority.type,
                "region": authority.region or None,
                "nation": authority.nation or None,
                "role": link["role"],
                "field": link["field"],
                "matched_text": link["matched_text"],
                "match_start": link["match_start"],
                "match_rule": link["match_rule"],
                "named_code": link["named_code"],
                "end_date": _date(authority.end_date),
                "successor_code": authority.successor_code or None,
            }
        )
    return links


def _date(text: str):
    return date.fromisoformat(text) if text else None


def load_matcher(register_dir: str | None, cache_root: str) -> CouncilMatcher:
    """The matcher over the register found by `locate_register` (raises RegisterUnavailable)."""
    return CouncilMatcher(CouncilRegister.from_directory(locate_register(register_dir, cache_root)))


class CouncilPipeline(CrawlerPipeline):
    """Adds the council columns and the case_study_councils rows to each item."""

    def __init__(self, crawler, matcher: CouncilMatcher):
        super().__init__(crawler)
        self.matcher = matcher

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        register_dir = settings.get("CASECRAWL_REGISTER_DIR") or os.environ.get(
            "CASECRAWL_REGISTER_DIR"
        )
        cache = os.path.join(settings.get("CASECRAWL_OUT_DIR"), "reference")
        # Raises RegisterUnavailable with how to get the register: the crawl must not start
        # and then write empty council columns without saying so.
        return cls(crawler, load_matcher(register_dir, cache))

    def process_item(self, item):
        fields, links, ambiguous = council_fields(item, self.matcher)
        item.update(fields)
        item["council_links"] = links
        report = self.spider.ledger
        for name, codes in ambiguous:
            report.ambiguous_councils[f"{name} ({', '.join(codes)})"] += 1
        return item
