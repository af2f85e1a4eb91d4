"""Dates as real pages print them, in the forms of choices.DATE_FORMS only.

These are the forms the site's created date may take (the server's season-date rewriting knows
them): written "[Weekday[,]] [D[th] [of]] Month|Mon [D,] YYYY", "dd/mm/YYYY", ISO with or
without a time. Never a two-digit year, never a month-first numeric date.
"""

from __future__ import annotations

from datetime import date, datetime


def ordinal(day: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd, 23rd ... 31st."""
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def written(when: datetime, form: str) -> str:
    """`when` (its date, or all of it for 'iso_time') in one of DATE_FORMS."""
    day: date = when.date()
    month, mon = f"{day:%B}", f"{day:%B}"[:3]
    weekday, wkd = f"{day:%A}", f"{day:%A}"[:3]
    forms = {
        "d_month_y": f"{day.day} {month} {day.year}",
        "weekday_d_month_y": f"{weekday} {day.day} {month} {day.year}",
        "wkd_d_mon_y": f"{wkd}, {day.day} {mon} {day.year}",
        "ordinal": f"{ordinal(day.day)} {month} {day.year}",
        "ordinal_of": f"{ordinal(day.day)} of {month} {day.year}",
        "month_d_y": f"{month} {day.day}, {day.year}",
        "mon_d_y": f"{mon} {day.day}, {day.year}",
        "weekday_month_d_y": f"{weekday}, {month} {day.day}, {day.year}",
        "d_mon_y": f"{day.day} {mon} {day.year}",
        "dd_mm_yyyy": f"{day:%d/%m}/{day.year}",
        "iso": day.isoformat(),
        "iso_time": when.isoformat(),
    }
    return forms[form]


def machine(when: datetime, kind: str) -> str:
    """A <time datetime> value: the ISO date ('date') or the full ISO time ('datetime')."""
    return when.isoformat() if kind == "datetime" else when.date().isoformat()
