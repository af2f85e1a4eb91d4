"""The publication date: its written form, its visible element, its meta tag."""

from __future__ import annotations

from datetime import date

from casecrawl.testbed.markups.random.page import Kit
from casecrawl.testbed.views import escape

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def written(day: date, form: str) -> str:
    """`day` written in `form`, a form named by how it writes 3 March 2021 (choices.DATE_FORMATS)."""
    month, weekday = MONTHS[day.month - 1], WEEKDAYS[day.weekday()]
    forms = {
        "3 March 2021": f"{day.day} {month} {day.year}",
        "3rd March 2021": f"{ordinal(day.day)} {month} {day.year}",
        "3rd of March 2021": f"{ordinal(day.day)} of {month} {day.year}",
        "Wednesday 3 March 2021": f"{weekday} {day.day} {month} {day.year}",
        "Wed, 3 Mar 2021": f"{weekday[:3]}, {day.day} {month[:3]} {day.year}",
        "3 Mar 2021": f"{day.day} {month[:3]} {day.year}",
        "March 3, 2021": f"{month} {day.day}, {day.year}",
        "03/03/2021": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "2021-03-03": day.isoformat(),
    }
    return forms[form]


def date_value(kit: Kit, case) -> str:
    """The visible date without a label: text, or a <time datetime> element."""
    day = case.created.date()
    text = escape(written(day, kit.c.date_format))
    if kit.c.date_presence == "time":
        return f'<time datetime="{day.isoformat()}">{text}</time>'
    return text


def visible_date(kit: Kit, case) -> str:
    """The date line of the header, labelled or not; '' when the date is not shown as a line."""
    if not case.shows_date or kit.c.date_position in ("head", "metadata"):
        return ""
    label = f"{escape(kit.c.date_label)} " if kit.c.date_label else ""
    return f"<div{kit.cls('date')}>{label}{date_value(kit, case)}</div>"


def head_date(kit: Kit, case) -> str:
    """The date's meta tag when the seed shows the date only in the head."""
    if not case.shows_date or kit.c.date_position != "head":
        return ""
    if kit.c.date_meta_tag == "article:published_time":
        return f'<meta property="article:published_time" content="{case.created.isoformat()}">'
    return f'<meta name="dcterms.date" content="{case.created.date().isoformat()}">'
