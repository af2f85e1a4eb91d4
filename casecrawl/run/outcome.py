"""The short summary printed after a crawl."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def format_summary(result: dict, log: Path | None = None) -> str:
    """Listing pages, detail pages, rows written, reported total, what is missing, time taken,
    and where the run's log is."""
    elapsed = datetime.fromisoformat(result["finished_at"]) - datetime.fromisoformat(
        result["started_at"]
    )
    lines = [
        f"{'Published' if result['complete'] else 'NOT PUBLISHED (incomplete)'}: {result['path']}",
        f"  listing pages fetched : {result['listing_pages_fetched']}",
        f"  detail pages fetched  : {result['detail_pages_fetched']}",
        f"  case studies written  : {result['items_written']} (collected {result['items_collected']})",
        f"  total site reported   : {result['reported_total']}",
        f"  gone (404/410)        : {len(result['gone'])}",
        f"  elapsed               : {elapsed.total_seconds():.1f} s",
    ]
    if result["missing"]:
        lines.append(f"  missing               : {len(result['missing'])} reason(s)")
        for entry in result["missing"][:20]:
            lines.append(f"    - {entry['reason']}")
            lines += [f"        e.g. {url}" for url in (entry.get("urls") or [])[:3]]
    else:
        lines.append("  missing               : none")
    if log is not None:
        lines.append(f"  log                   : {log}")
    return "\n".join(lines)
