"""Check each item against the schema; failures go to the rejects list with a reason."""

from __future__ import annotations

from datetime import date, datetime

from scrapy.exceptions import DropItem

from casecrawl.dataset.schema import COLUMNS, COUNCIL_COLUMNS, HISTORY_COLUMNS, TAXONOMY_COLUMNS
from pipelines import CrawlerPipeline

LIST_COLUMNS = {"topics", "links"}


def validation_errors(item: dict) -> list[str]:
    """Every way the item breaks the output contract (an empty list when it is valid)."""
    errors = []
    # listing_rank, the council and the history columns are computed after validation.
    computed_later = {"listing_rank", *COUNCIL_COLUMNS, *HISTORY_COLUMNS, *TAXONOMY_COLUMNS}
    exported = {c.name for c in COLUMNS} - computed_later
    for column in COLUMNS:
        if column.name not in exported:
            continue
        value = item.get(column.name)
        if value is None or value == "":
            if not column.nullable and column.name not in LIST_COLUMNS:
                errors.append(f"{column.name} is missing")
            continue
        if column.name in LIST_COLUMNS and not (
            isinstance(value, list) and all(isinstance(v, str) and v for v in value)
        ):
            errors.append(f"{column.name} must be a list of non-empty strings")
        if column.name == "sections" and not all(
            isinstance(s, dict)
            and isinstance(s.get("heading"), str)
            and isinstance(s.get("text"), str)
            for s in value
        ):
            errors.append("sections must be a list of {heading, text}")
        if column.name == "published_date" and not isinstance(value, date):
            errors.append("published_date must be a date")
        if column.name == "crawled_at" and not (isinstance(value, datetime) and value.tzinfo):
            errors.append("crawled_at must be a timezone-aware datetime")
    if not isinstance(item.get("listing_position"), int):
        errors.append("listing_position is missing")
    return errors


class ValidationPipeline(CrawlerPipeline):
    """Drops invalid items into `report.rejects` (never silently) with their reasons."""

    def process_item(self, item):
        spider = self.spider
        errors = validation_errors(item)
        if errors:
            reason = "; ".join(errors)
            spider.ledger.rejects.append(
                {"id": item.get("id"), "url": item.get("url"), "reason": reason, "item": item}
            )
            spider.logger.error("Rejected %s: %s", item.get("url"), reason)
            raise DropItem(f"invalid item {item.get('url')}: {reason}")
        return item
