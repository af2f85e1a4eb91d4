"""Label/value metadata in a page's header, wherever and however it is written.

Three shapes: a definition list (dt/dd), a two-column table (th/td or td/td), and
inline 'Label: value' lines (several may share a line, split by '|' or bullets).
Each value is routed by what it is and what its label says: a date goes to the
date (unless the label says it is an update), topic links or topic names go to
the topics, a 'Summary' label's value is the summary; anything else is set aside,
so that it never runs into the summary or the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from casecrawl.parse.blocks import Block, normalise_text
from casecrawl.parse.dates import find_date, parse_date
from casecrawl.parse.topics import bare_topics, is_topic_label_word, link_topics

INLINE_PAIR = re.compile(r"^(?P<label>[A-Z][\w'’ ]{0,30}?)\s*:\s*(?P<value>\S.*)$")
PAIR_SEPARATORS = re.compile(r"\s+[|•·]\s+")
NOT_PUBLISHED = re.compile(r"updated|modified|reviewed|revised|expires|event", re.IGNORECASE)
SUMMARY_LABEL = re.compile(r"^(summary|overview|in brief|standfirst)$", re.IGNORECASE)
MAX_LABEL_WORDS = 4
MAX_VALUE_CHARS = 120


@dataclass
class MetadataLine:
    """What one header block says as metadata."""

    pairs: list[tuple[str, str]] = field(default_factory=list)  # (label, value) as shown
    date: date | None = None
    topics: list[str] = field(default_factory=list)
    summary: str | None = None


def read_metadata(block: Block, vocabulary: frozenset[str]) -> MetadataLine | None:
    """The metadata a header block holds, or None when it is not a label/value block."""
    cells = _row_cells(block)
    if block.tag == "dt" or (cells and cells[0] is block.element):
        return MetadataLine(pairs=[(block.text, "")])  # a label; its value is the next cell
    label = _structural_label(block)
    if label is not None:
        return _route([(label, block.text)], block, vocabulary)
    parts = PAIR_SEPARATORS.split(block.text)
    pairs = []
    for part in parts:
        match = INLINE_PAIR.match(part.strip())
        if not match or len(match["label"].split()) > MAX_LABEL_WORDS:
            return None
        pairs.append((match["label"].strip(), match["value"].strip()))
    if len(pairs) == 1 and len(pairs[0][1]) > MAX_VALUE_CHARS:
        if not SUMMARY_LABEL.match(pairs[0][0]):
            return None  # a sentence with a colon, not a label/value line
    return _route(pairs, block, vocabulary)


def _structural_label(block: Block) -> str | None:
    """The label a dd or table cell stands under: its dt, or the first cell of its row."""
    element = block.element
    if block.tag == "dd":
        for sibling in element.itersiblings(preceding=True):
            if isinstance(sibling.tag, str) and sibling.tag.lower() == "dt":
                return normalise_text(sibling.xpath("string()"))
        return ""
    cells = _row_cells(block)
    if cells and cells[1] is element:
        return normalise_text(cells[0].xpath("string()"))
    return None


def _row_cells(block: Block):
    """The two cells of a two-column table row holding this block, or None."""
    if block.tag not in ("td", "th"):
        return None
    row = block.element.getparent()
    if row is None or not isinstance(row.tag, str) or row.tag.lower() != "tr":
        return None
    cells = [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
    if len(cells) != 2 or len(normalise_text(cells[0].xpath("string()")).split()) > 4:
        return None
    return cells


def _route(pairs: list[tuple[str, str]], block: Block, vocabulary: frozenset[str]):
    line = MetadataLine(pairs=pairs)
    for label, value in pairs:
        bare_label = label.rstrip(":").strip()
        if SUMMARY_LABEL.match(bare_label):
            line.summary = value or None
            continue
        if not value:
            continue
        day = parse_date(value) or find_date(value)[0]
        if day and not NOT_PUBLISHED.search(bare_label):
            line.date = line.date or day
            continue
        topics = [t for t in link_topics(block) if t in value]
        if not topics and (is_topic_label_word(bare_label) or not bare_label):
            topics = bare_topics(value, vocabulary) or []
        line.topics += [t for t in topics if t not in line.topics]
    return line
