"""Precision and recall of the council matcher on a labelled set (tests/data/*.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from casecrawl.councils.matcher import CouncilMatcher


@dataclass
class Scores:
    """Micro-averaged over (text, council) pairs; misses and false hits listed for reading."""

    true_positives: int = 0
    predicted: int = 0
    expected: int = 0
    false_hits: list[tuple[str, str]] = field(default_factory=list)  # (text, code)
    misses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


def read_labels(path: str | Path) -> list[tuple[str, set[str]]]:
    """(text, expected codes) from a CSV with columns text and expected_codes ('A;B')."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "text" not in rows[0] or "expected_codes" not in rows[0]:
        raise ValueError(f"{path}: expected a CSV with columns text and expected_codes")
    return [(r["text"], {c for c in r["expected_codes"].split(";") if c}) for r in rows]


def score(labels: list[tuple[str, set[str]]], matcher: CouncilMatcher) -> Scores:
    """Compare the matcher's councils for each text with the expected codes."""
    scores = Scores()
    for text, expected in labels:
        predicted = {m.code for m in matcher.match(text).councils}
        scores.true_positives += len(predicted & expected)
        scores.predicted += len(predicted)
        scores.expected += len(expected)
        scores.false_hits += [(text, c) for c in sorted(predicted - expected)]
        scores.misses += [(text, c) for c in sorted(expected - predicted)]
    return scores


def format_scores(path: str | Path, scores: Scores) -> str:
    """Micro precision and recall over (text, council) pairs, then every miss and false hit."""
    lines = [
        f"Labelled set: {path}",
        f"precision {scores.precision:.3f} ({scores.true_positives} of {scores.predicted} found)",
        f"recall    {scores.recall:.3f} ({scores.true_positives} of {scores.expected} expected)",
        f"misses ({len(scores.misses)}):",
        *(f"  {code}  {text}" for text, code in scores.misses),
        f"false hits ({len(scores.false_hits)}):",
        *(f"  {code}  {text}" for text, code in scores.false_hits),
    ]
    return "\n".join(lines)
