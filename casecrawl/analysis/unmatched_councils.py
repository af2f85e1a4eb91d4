"""`casecrawl councils review`: what council matching missed in a snapshot, to extend aliases.

The names that look like councils and matched nothing, ranked by how often they occur, each
with the case studies it came from; and the names that fit more than one council."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from casecrawl.councils.matcher import CouncilMatcher, MatchResult
from casecrawl.dataset import SnapshotFolder

# Strings that look like a council's name: capitalised words before Council/Borough/MBC.
COUNCIL_LIKE = re.compile(
    r"\b((?:(?:[A-Z][\w'’.-]*|and|of|upon|on|the|&)\s+){0,5}?[A-Z][\w'’.-]*\s+"
    r"(?:(?:Borough|City|County|District|Metropolitan)\s+)*(?:Council|Borough|MBC))\b"
)


def unmatched_council_like(text: str, result: MatchResult) -> list[str]:
    """Council-like strings in the text that its match result does not cover."""
    spans = result.spans
    out = []
    for found in COUNCIL_LIKE.finditer(text):
        start, end = found.span(1)
        if not any(s < end and start < e for s, e in spans):
            out.append(found.group(1))
    return out


def council_report(snapshot: str | Path, matcher: CouncilMatcher, top: int = 20) -> str:
    """Case studies with no council, frequent unmatched council-like strings, ambiguous names."""
    path = SnapshotFolder(snapshot).table_file()
    frame = pd.read_parquet(path, columns=["id", "title", "summary", "body_text", "council_codes"])
    unmatched: Counter[str] = Counter()
    ambiguous: Counter[str] = Counter()
    sources: dict[str, set[str]] = {}
    for row in frame.itertuples(index=False):
        for value in (row.title, row.summary, row.body_text):
            text = value if isinstance(value, str) else ""  # a null summary reads as NaN
            result = matcher.match(text)
            missed = unmatched_council_like(text, result)
            unmatched.update(missed)
            for name in missed:
                sources.setdefault(name, set()).add(row.id)
            for name, codes in result.ambiguous:
                ambiguous[f"{name} -> {' / '.join(codes)}"] += 1
    without = int((frame["council_codes"].map(len) == 0).sum())
    lines = [
        f"Snapshot: {snapshot}",
        f"Case studies: {len(frame)}; with no council: {without} ({without / max(len(frame), 1):.1%})",
        "",
        f"Most frequent unmatched council-like strings (top {top}):",
        *(f"  {n:5d}  {s}  (in {_examples(sources[s])})" for s, n in unmatched.most_common(top)),
        "",
        f"Ambiguous names, not matched (top {top}):",
        *(f"  {n:5d}  {s}" for s, n in ambiguous.most_common(top)),
    ]
    return "\n".join(lines)


def _examples(ids: set[str], shown: int = 3) -> str:
    first = sorted(ids)[:shown]
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(first) + more
