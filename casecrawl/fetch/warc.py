"""Every page a crawl receives, kept in a WARC file: pages as data, whoever fetched them.

`ArchiveMiddleware` writes each HTTP response (status, headers, body exactly as received,
with the request's headers) to `pages.warc.gz` in the run's folder, and stamps the response
with the time it arrived, which becomes the row's `crawled_at`. `ResumeMiddleware` lets a
crawl that was killed resume without fetching again the case-study pages it had already
received; `casecrawl reparse` (casecrawl/run/reparse.py) rebuilds a snapshot from archives alone.
Reading stops at a record cut short by a kill; appending starts there.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from casecrawl.dataset.layout import PARTIAL, SNAPSHOTS

logger = logging.getLogger(__name__)

FETCHED_AT = "casecrawl_fetched_at"  # request.meta key: when the response arrived (UTC)
FROM_ARCHIVE = "casecrawl_from_archive"  # request.meta key: answered from an archive
ARCHIVED_IN = "casecrawl_archived_in"  # request.meta key: the snapshot whose archive answered
DROPPED_HEADERS = {b"transfer-encoding"}  # the body is stored whole, not chunked


@dataclass
class ArchivedPage:
    """One archived response."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    archive: Path | None = None  # the file it was read from


def warc_date(moment: datetime) -> str:
    """WARC-Date with microseconds, so that a reparse gives back `crawled_at` to the microsecond."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_warc_date(text: str) -> datetime:
    text = text.rstrip("Z")
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in text else "%Y-%m-%dT%H:%M:%S"
    return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)


class PageArchive:
    """Appends responses to a gzipped WARC file, one gzip member per record."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.records = 0  # responses in the file (a resumed run's included)
        if self.path.exists():
            truncate_to_complete_records(self.path)
            self.records = sum(1 for _ in read_archive(self.path))
        self._file = self.path.open("ab")
        self._writer = WARCWriter(self._file, gzip=True)

    def write(
        self,
        url: str,
        method: str,
        request_headers: Iterable[tuple[str, str]],
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        fetched_at: datetime,
    ) -> None:
        """The response, then the request that asked for it, linked; flushed at once."""
        date = {"WARC-Date": warc_date(fetched_at)}
        kept = [(k, v) for k, v in headers if k.lower().encode() not in DROPPED_HEADERS]
        http = StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol="HTTP/1.1")
        response = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http, warc_headers_dict=date,
        )  # fmt: skip
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        request_line = StatusAndHeaders(
            f"{method} {target or '/'} HTTP/1.1", list(request_headers), is_http_request=True
        )
        request = self._writer.create_warc_record(
            url, "request", http_headers=request_line, warc_headers_dict=dict(date)
        )
        self._writer.write_request_response_pair(request, response)
        self._file.flush()
        self.records += 1

    def close(self) -> None:
        self._file.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def read_archive(path: str | Path) -> Iterator[ArchivedPage]:
    """Every response in a WARC file, in order; a last record cut short by a kill is skipped."""
    path = Path(path)
    if not path.exists():
        return
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        try:
            for record in records:
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                yield ArchivedPage(
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    status=int(http.get_statuscode()),
                    headers=list(http.headers),
                    body=record.raw_stream.read(),
                    fetched_at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
                    archive=path,
                )
        except (EOFError, OSError, zlib.error, ValueError) as error:
            logger.warning("Archive %s ends in a record cut short (%s): read up to it", path, error)


def truncate_to_complete_records(path: Path) -> None:
    """Cut a gzipped WARC back to its last complete gzip member (what a kill may leave)."""
    data = path.read_bytes()
    good, offset = 0, 0
    while offset < len(data):
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            decompressor.decompress(data[offset:])
        except zlib.error:
            break
        if not decompressor.eof:
            break
        offset = len(data) - len(decompressor.unused_data)
        good = offset
    if good < len(data):
        with path.open("r+b") as handle:
            handle.truncate(good)


def archive_index(paths: Iterable[Path]) -> dict[str, ArchivedPage]:
    """URL -> newest archived response across the archives (later records win; a 304 never)."""
    index: dict[str, ArchivedPage] = {}
    for path in paths:
        for page in read_archive(path):
            if page.status == 304:
                continue  # "unchanged" carries no page: the copy before it stands

            current = index.get(page.url)
            if current is None or page.fetched_at >= current.fetched_at:
                index[page.url] = page
    return index


def replayed_response(page: ArchivedPage, request):
    """A Scrapy response rebuilt from an archived one, as the downloader would have given it."""
    headers = Headers(page.headers)
    cls = responsetypes.from_args(headers=headers, url=page.url, body=page.body)
    request.meta[FETCHED_AT] = page.fetched_at
    request.meta[FROM_ARCHIVE] = True
    # A page replayed from a snapshot's archive stays there; one from a killed run's own
    # archive moves into this snapshot with the rest ("").
    in_snapshot = page.archive is not None and page.archive.parent.parent.name == SNAPSHOTS
    request.meta[ARCHIVED_IN] = page.archive.parent.name if in_snapshot else ""
    return cls(
        url=request.url, status=page.status, headers=headers, body=page.body, request=request
    )


def run_folder(out_dir: str | Path, kind: str, base_url: str) -> Path:
    """Where a run keeps its archive until it publishes: one folder per command (kind and site),
    so that the same command started again after a kill finds it and resumes."""
    host = urlsplit(base_url).netloc.replace(":", "_") or "site"
    return Path(out_dir) / PARTIAL / f"{kind}-{host}"


def header_pairs(headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]
