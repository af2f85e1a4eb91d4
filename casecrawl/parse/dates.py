"""Dates as pages show them, in every common English form, read day-first and never guessed.

Forms: '3 March 2021', '3rd of March 2021', 'Wednesday 3 March 2021', 'Wed, 3 Mar 2021',
'March 3, 2021', '03/03/2021' (numeric dates are day-first on a UK site), '2021-03-03'.
A weekday that contradicts the date, a numeric date that is not valid day-first, a
two-digit year or a month without a day gives None: the crawl never guesses.
dateparser reads the date once the form is recognised; the forms are recognised here
so that a sentence mentioning a month is never taken for a date line.
"""

from __future__ import annotations

import re
from datetime import date

import dateparser

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}"
DATE_FORMS = (
    rf"(?:{WEEKDAYS},?\s+)?{DAY}\s+(?:of\s+)?{MONTHS},?\s+{YEAR}",  # (Wed,) 3rd (of) March 2021
    rf"(?:{WEEKDAYS},?\s+)?{MONTHS}\s+{DAY},?\s+{YEAR}",  # (Wednesday,) March 3, 2021
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}",  # 03/03/2021, day first
    r"(?:19|20)\d{2}-\d{2}-\d{2}(?:[T ][\d:.+Z-]*)?",  # ISO, perhaps with a time
)
DATE_IN_TEXT = re.compile(r"\b(?:" + "|".join(DATE_FORMS) + r")(?![\w/])", re.IGNORECASE)
WHOLE_DATE = re.compile(r"^(?:" + "|".join(DATE_FORMS) + r")$", re.IGNORECASE)
# Anything a reader would call a date: a month name with a year, or a numeric date.
DATE_LIKE = re.compile(
    rf"\b{MONTHS}\s+(?:{DAY},?\s+)?{YEAR}\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b"
    rf"|\b{YEAR}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE,
)
SEASONS = r"(?:spring|summer|autumn|fall|winter)"
# A date a page shows that is not a full date: 'Summer 2021', 'March 2021'.
PARTIAL_DATE = re.compile(rf"\b(?:{SEASONS}|{MONTHS})\s+{YEAR}\b", re.IGNORECASE)
WEEKDAY_WORD = re.compile(rf"^{WEEKDAYS},?\s+", re.IGNORECASE)
WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
ISO = re.compile(r"^((?:19|20)\d{2})-(\d{2})-(\d{2})")
NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time"],
}


def parse_date(text: str) -> date | None:
    """One date string in any of the forms above; None when it is not exactly one full date."""
    text = " ".join(text.split()).strip(" ,.")
    iso = ISO.match(text)
    if iso:
        return _valid(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = NUMERIC.match(text)
    if numeric:  # day first: 03/04/2021 is 3 April; 12/31/2021 is no date, not 31 December
        return _valid(int(numeric[3]), int(numeric[2]), int(numeric[1]))
    if not WHOLE_DATE.match(text):
        return None
    weekday = WEEKDAY_WORD.match(text)
    bare = WEEKDAY_WORD.sub("", text)
    bare = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", bare, flags=re.IGNORECASE)
    bare = re.sub(r"\bof\s+", "", bare, flags=re.IGNORECASE).replace(",", " ")
    parsed = dateparser.parse(bare, languages=["en"], settings=DATEPARSER_SETTINGS)
    if parsed is None:
        return None
    day = parsed.date()
    if weekday and WEEKDAY_INDEX[weekday.group(0)[:3].lower()] != day.weekday():
        return None  # 'Monday 3 March 2021' is not a date we can trust either way
    return day


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[date | None, str | None]:
    """The one date a short text shows, with the words around it, e.g. 'Published on'.

    Returns (date, label): the label is the text before the date, without a trailing ':'.
    None when the text holds no date or more than one, or more than a label besides it.
    """
    matches = list(DATE_IN_TEXT.finditer(text))
    if len(matches) != 1:
        return None, None
    match = matches[0]
    before, after = text[: match.start()].strip(), text[match.end() :].strip(" .")
    if after or len(before.split()) > 4:
        return None, None
    return parse_date(match.group(0)), before.rstrip(" :-–|").strip()


def looks_date_like(text: str) -> bool:
    """True when a text shows something a reader would take for a date (loosely)."""
    return bool(DATE_LIKE.search(text))


def find_partial_date(text: str) -> str | None:
    """A line showing only a season or month with a year ('Published: Summer 2021'): the
    date as shown. Never a date: a crawl gives it as published_date_raw, published_date null."""
    match = PARTIAL_DATE.search(text)
    if not match or DATE_IN_TEXT.search(text):
        return None
    before, after = text[: match.start()].strip(), text[match.end() :].strip(" .")
    if after or len(before.split()) > 4:
        return None
    return match.group(0)


def shown_date(text: str) -> str | None:
    """The date as a line shows it, without its label: '3rd of March 2021', 'Summer 2021'."""
    match = DATE_IN_TEXT.search(text) or PARTIAL_DATE.search(text)
    return match.group(0) if match else None
