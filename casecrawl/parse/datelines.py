"""Every date a page shows, with its label and its machine form.

A date line is a short block holding one date ('Published 3 March 2021', 'Last updated:
12/05/2022', a `<time datetime>`), read with the words before it as its label; a date in a
block of its own takes the block before it as its label when that is short (`<dt>` and
`<dd>`, `<th>` and `<td>`, a label above a value). A date labelled as an update, a review
or a modification is never a publication date, whatever else the page says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from casecrawl.parse.blocks import Block, normalise_text
from casecrawl.parse.dates import DATE_IN_TEXT, parse_date

SHORT_LINE = 200  # a date line is short (perhaps with other metadata); a paragraph is not one
LABEL_LENGTH = 40  # a label standing in the block before its date
UPDATE_LABEL = re.compile(
    r"\b(?:(?:last\s+)?updated?|reviewed?|modified|revised|edited|changed|next\s+review"
    r"|an update's date)\b",
    re.IGNORECASE,
)


@dataclass
class DateLine:
    """One date shown on the page: the block, its value, its label and the text as shown."""

    block: Block
    value: date
    label: str
    shown: str
    machine: bool  # read from <time datetime>, not only from the text

    @property
    def is_update(self) -> bool:
        return bool(UPDATE_LABEL.search(self.label))


def _times(block: Block) -> list[tuple[date, str]]:
    """The block's <time datetime> elements: their dates and the text each shows."""
    found = []
    for time in block.element.iter("time"):
        value = time.get("datetime")
        shown = normalise_text(time.xpath("string()"))
        day = parse_date(value) if value else None
        # Only the block's own: a container's loose text does not own its children's dates.
        if day and shown and shown in block.text:
            found.append((day, shown))
    return found


def _dates_in(block: Block) -> list[tuple[date, str, str, bool]]:
    """(date, label, as shown, machine) for each date in a short block; the label is the
    text between the previous date and this one ('Published: X | Last updated: Y')."""
    times = _times(block)
    text = block.text
    found, end = [], 0
    for match in DATE_IN_TEXT.finditer(text):
        shown = match.group(0)
        machine = _machine_date(times, shown)
        day = machine or parse_date(shown)
        if day is not None:
            found.append((day, _label(text[end : match.start()]), shown, machine is not None))
        end = match.end()
    if not found:
        for day, shown in times:  # a <time> showing a form the text reading does not know
            at = text.find(shown) if shown else -1
            found.append((day, _label(text[: max(at, 0)]), shown, True))
    return found


def _machine_date(times: list[tuple[date, str]], shown: str) -> date | None:
    """The <time> showing this text: the one showing exactly it, else one showing it among
    other words ('1 May 2012' is not in '11 May 2012')."""
    exact = next((d for d, s in times if s == shown), None)
    if exact is not None:
        return exact
    words = re.compile(rf"(?<!\w){re.escape(shown)}(?!\w)")
    return next((d for d, s in times if words.search(s)), None)


def _label(text: str) -> str:
    return text.strip(" :-–|•·,;/").strip()


def date_lines(blocks: list[Block]) -> list[DateLine]:
    """Every date line of the page, in reading order."""
    found: list[DateLine] = []
    previous: Block | None = None
    for block in blocks:
        if len(block.text) <= SHORT_LINE:
            for day, label, shown, machine in _dates_in(block):
                if not label and previous is not None and len(previous.text) <= LABEL_LENGTH:
                    if not DATE_IN_TEXT.search(previous.text):
                        label = previous.text
                found.append(DateLine(block, day, label, shown, machine))
        previous = block
    # The date of an update shown again without its label ('Last updated 3 May 2012', then
    # '3 May 2012 - first published' in a list of changes) is still the update's.
    updates = {d.value for d in found if d.is_update}
    for line in found:
        if not line.label and line.value in updates:
            line.label = "(an update's date, shown again)"
    return found
