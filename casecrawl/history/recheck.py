"""Which known case studies a refresh fetches again: `due`, `all` or `none`.

`due` spreads the re-checks so that each run takes about an equal share, however often it
runs: every case study has a fixed day in a cycle of `days` days (from a hash of its id),
and is re-checked by the first run on or after that day; one whose last fetch is older than
`days` is always due.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

POLICIES = ("due", "all", "none")


def cycle_day(case_id: str, days: int) -> int:
    """The day of the cycle on which this case study is re-checked (stable across runs)."""
    digest = hashlib.sha1(case_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % days


def is_due(
    case_id: str,
    last_checked: datetime | None,
    previous_run: datetime | None,
    now: datetime,
    days: int,
) -> bool:
    """Whether a known case study is re-checked by the run at `now` under the `due` policy."""
    if last_checked is None or now - last_checked >= timedelta(days=days):
        return True
    if previous_run is None:
        return False
    first = int(previous_run.timestamp() // 86400) + 1
    last = int(now.timestamp() // 86400)
    if last - first + 1 >= days:
        return True
    wanted = cycle_day(case_id, days)
    return any(day % days == wanted for day in range(first, last + 1))


def should_recheck(
    policy: str,
    case_id: str,
    last_checked: datetime | None,
    previous_run: datetime | None,
    now: datetime,
    days: int,
) -> bool:
    """The policy applied to one known case study."""
    if policy == "all":
        return True
    if policy == "none":
        return False
    if policy == "due":
        return is_due(case_id, last_checked, previous_run, now, days)
    raise ValueError(f"--recheck {policy!r}: choose one of {', '.join(POLICIES)}")
