"""The council register: mySociety's "UK local authority names and codes" (CC BY 4.0).

A pinned version is downloaded at run time and cached in data/reference/<version>/;
CASECRAWL_REGISTER_DIR (or the setting of that name) points at a local copy instead.
The data is never committed to this repository.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# The one place the pinned version, its URL and its checksums live.
REGISTER_VERSION = "1.6.1"
REGISTER_URL = (
    "https://mysociety.github.io/uk_local_authority_names_and_codes/data/uk_la_past_current/"
    f"{REGISTER_VERSION}/"
)
REGISTER_FILES = {
    "uk_local_authorities_current.csv": "1ef7c9caf57e4a8d8caabf2927c29fdda248a41ff1af76c639d11a62fcd9f2c5",
    "lookup_name_to_registry.csv": "4cd1e6b580ca7a34ee559487ec3310d01755d7186a6231d6695c49479ae14eaa",
}
REGISTER_CREDIT = (
    "Council register: mySociety, UK local authority names and codes "
    f"(uk_la_past_current {REGISTER_VERSION}), CC BY 4.0"
)
HOW_TO_GET = (
    "Download these files from {url} into {cache}, or set CASECRAWL_REGISTER_DIR to a "
    "directory that holds them: {files}"
)


class RegisterUnavailable(RuntimeError):
    """Neither a local copy, the cache, nor the network gave us the register."""


@dataclass(frozen=True)
class Authority:
    """One local authority, current or abolished."""

    code: str
    official_name: str
    nice_name: str
    gss_code: str
    type: str
    region: str
    nation: str
    start_date: str
    end_date: str
    successor_code: str


class CouncilRegister:
    """Authorities by code, and the register's alternative names for them."""

    def __init__(self, authorities: dict[str, Authority], alternative_names: list[tuple[str, str]]):
        self.authorities = authorities
        self.alternative_names = alternative_names  # (name, code)

    @classmethod
    def from_directory(cls, directory: str | os.PathLike) -> CouncilRegister:
        directory = Path(directory)
        authorities = {}
        with (directory / "uk_local_authorities_current.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                authority = Authority(
                    code=row["local-authority-code"],
                    official_name=row["official-name"],
                    nice_name=row["nice-name"],
                    gss_code=row["gss-code"],
                    type=row["local-authority-type-name"],
                    region=row["region"],
                    nation=row["nation"],
                    start_date=row["start-date"],
                    end_date=row["end-date"],
                    successor_code=row["replaced-by"],
                )
                authorities[authority.code] = authority
        with (directory / "lookup_name_to_registry.csv").open(encoding="utf-8") as handle:
            names = [(r["la-name"], r["local-authority-code"]) for r in csv.DictReader(handle)]
        return cls(authorities, [(n, c) for n, c in names if c in authorities])

    def __len__(self) -> int:
        return len(self.authorities)

    def __getitem__(self, code: str) -> Authority:
        return self.authorities[code]

    def to_frame(self):
        """Every authority, current and abolished, one row each, as a pandas DataFrame."""
        import pandas as pd  # only analysis needs it, not the crawl

        columns = [f.name for f in dataclasses.fields(Authority)]
        return pd.DataFrame(
            [dataclasses.astuple(a) for a in self.authorities.values()], columns=columns
        )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _has_files(directory: Path) -> bool:
    return all((directory / name).is_file() for name in REGISTER_FILES)


def locate_register(
    local_dir: str | os.PathLike | None = None,
    cache_root: str | os.PathLike = "data/reference",
    download: bool = True,
) -> Path:
    """The directory holding the register: local copy, else verified cache, else a download."""
    local_dir = local_dir or os.environ.get("CASECRAWL_REGISTER_DIR") or None
    if local_dir:
        directory = Path(local_dir)
        if not _has_files(directory):
            raise RegisterUnavailable(
                f"CASECRAWL_REGISTER_DIR={directory} does not hold the register. "
                + HOW_TO_GET.format(
                    url=REGISTER_URL, cache=directory, files=", ".join(REGISTER_FILES)
                )
            )
        return directory
    cache = Path(cache_root) / REGISTER_VERSION
    if _has_files(cache) and all(_sha256(cache / n) == h for n, h in REGISTER_FILES.items()):
        return cache
    if not download:
        raise RegisterUnavailable(
            "The council register is not cached. "
            + HOW_TO_GET.format(url=REGISTER_URL, cache=cache, files=", ".join(REGISTER_FILES))
        )
    cache.mkdir(parents=True, exist_ok=True)
    for name, expected in REGISTER_FILES.items():
        target = cache / name
        tmp = target.with_suffix(".part")
        try:
            with urllib.request.urlopen(REGISTER_URL + name, timeout=60) as response:
                tmp.write_bytes(response.read())
        except OSError as error:
            raise RegisterUnavailable(
                f"Could not download the council register ({error}). "
                + HOW_TO_GET.format(url=REGISTER_URL, cache=cache, files=", ".join(REGISTER_FILES))
            ) from error
        if _sha256(tmp) != expected:
            tmp.unlink()
            raise RegisterUnavailable(
                f"{REGISTER_URL + name} does not match the pinned sha256 {expected}; "
                "the published file changed: check it and update REGISTER_FILES."
            )
        os.replace(tmp, target)
    return cache
