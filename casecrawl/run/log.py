"""A run's log: Scrapy's log in a file that ends up in the snapshot; a quiet console.

The `casecrawl` command sends Scrapy's log (at LOG_LEVEL, INFO by default) to a file of its
own under `<out>/logs/` through Scrapy's LOG_FILE. When the snapshot is written, published or
failed, the writer moves that file into the snapshot folder as `crawl.log`; the file stays
open, so the run's last lines (the stats, the spider closing) land there too. A run that ends
before writing a snapshot leaves its log in `<out>/logs/`, and the command says where.

The console gets warnings and errors only, written through tqdm so that a live progress line
stays below them; with `--verbose` it gets the file's lines as well.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from casecrawl.dataset.layout import LOGS_FOLDER


def level_number(name: str | int) -> int:
    """logging's number for a level name ('info', 'WARNING') or number; ValueError if unknown."""
    if isinstance(name, int):
        return name
    number = logging.getLevelName(str(name).upper())
    if not isinstance(number, int):
        raise ValueError(f"unknown log level {name!r}: use DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return number


class ConsoleHandler(logging.StreamHandler):
    """Log lines on the console, above the live progress line when there is one."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=self.stream)
        except Exception:  # noqa: BLE001 - logging's own policy: report, never raise
            self.handleError(record)


class RunLog:
    """Sets the run's log file and console up (in the settings and on the root logger);
    `close()` takes them away again."""

    def __init__(self, settings, out_dir: str | os.PathLike, verbose: bool = False):
        folder = Path(out_dir) / LOGS_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
        kind = settings.get("CASECRAWL_RUN_KIND", "crawl")
        handle, name = tempfile.mkstemp(prefix=f"{stamp}-{kind}-", suffix=".log", dir=folder)
        os.close(handle)
        self.path = Path(name).resolve()
        level = level_number(settings.get("LOG_LEVEL"))
        settings.setdict(
            {
                "LOG_FILE": str(self.path),
                # Scrapy opens LOG_FILE again for each crawler: appending keeps the first lines.
                "LOG_FILE_APPEND": True,
                "CASECRAWL_RUN_LOG": str(self.path),
            },
            priority="cmdline",
        )
        self.console = ConsoleHandler(sys.stderr)
        # Warnings and errors always; with --verbose, whatever the file gets as well.
        self.console.setLevel(min(level, logging.WARNING) if verbose else logging.WARNING)
        self.console.setFormatter(
            logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
        )
        logging.root.addHandler(self.console)

    def location(self, result: dict | None) -> Path:
        """Where the log is now: in the snapshot folder when one was written, else where it
        was started."""
        if result and result.get("log_file"):
            return Path(result["path"]) / result["log_file"]
        return self.path

    def close(self) -> None:
        """Take the console handler and the file's handlers (Scrapy's) off the root logger."""
        for handler in list(logging.root.handlers):
            ours = handler is self.console or (
                isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == self.path
            )
            if ours:
                logging.root.removeHandler(handler)
                handler.close()
