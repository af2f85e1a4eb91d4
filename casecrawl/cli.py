"""The `casecrawl` command: a thin layer over the library."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casecrawl.councils.matcher import CouncilMatcher
from casecrawl.councils.register import CouncilRegister, RegisterUnavailable, locate_register
from casecrawl.settings import CASECRAWL_BASE_URL, CASECRAWL_OUT_DIR
from casecrawl.testbed import commands as testbed_commands


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    _add_out(parser, "output directory (default data/)")
    parser.add_argument("--concurrency", type=int, help="requests in flight (default 2)")
    parser.add_argument("--delay", type=float, help="seconds between requests (default 1)")
    _add_log_options(parser)
    parser.add_argument(
        "--no-facets",
        action="store_true",
        help="a quick crawl: skip the topics' and support types' filtered listings (IDs, "
        "counts) and the created-date walk",
    )
    parser.add_argument(
        "--allow-disagreement",
        action="append",
        default=[],
        metavar="CUE=SHARE",
        help="publish even when up to SHARE (0.05 or 5%%) of detail pages disagree on CUE "
        "(title, summary, topics, date, body, template); recorded in the manifest",
    )
    parser.add_argument(
        "--sample-size",
        type=int,
        help="case-study pages to learn the site's template from (default 40; 0: per-page "
        "rules only)",
    )


def _add_log_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--log-level",
        default="INFO",
        help="level of Scrapy's log, written to crawl.log in the snapshot folder (default INFO)",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="Scrapy's log on the console too (else: warnings, errors, progress and summary)",
    )


OUT_HELP = "data directory (default data/)"
SNAPSHOT_HELP = "id or path (latest)"


def _add_out(parser: argparse.ArgumentParser, help: str = OUT_HELP) -> None:
    parser.add_argument("--out", default=CASECRAWL_OUT_DIR, help=help)


def _add_crawl_commands(commands) -> None:
    crawl = commands.add_parser("crawl", help="crawl every case study into a dated snapshot")
    crawl.add_argument("--base-url", default=CASECRAWL_BASE_URL, help="site to crawl")
    crawl.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="topic=ID|subject=ID|keys=WORDS",
        help="crawl one filtered listing only, into <out>/filtered/<filter>/ (repeatable)",
    )
    _add_crawl_options(crawl)
    refresh = commands.add_parser(
        "refresh", help="a new snapshot from the previous one: new pages, and known ones due"
    )
    refresh.add_argument("--base-url", default=CASECRAWL_BASE_URL, help="site to crawl")
    refresh.add_argument(
        "--recheck",
        default="due",
        choices=("due", "all", "none"),
        help="known pages to fetch again: due (default; older than CASECRAWL_RECHECK_DAYS, "
        "28, spread over runs), all, or none",
    )
    _add_crawl_options(refresh)
    reparse = commands.add_parser(
        "reparse", help="rebuild a snapshot from its archived pages, with no network access"
    )
    reparse.add_argument("snapshot", nargs="?", default="latest", help=SNAPSHOT_HELP)
    reparse.add_argument(
        "--jobs", type=int, default=1,
        help="processes that read the case-study pages (default 1; one per core pays)",
    )  # fmt: skip
    _add_out(reparse)
    _add_log_options(reparse)


def _add_snapshot_commands(commands) -> None:
    diff = commands.add_parser("diff", help="what changed between two snapshots")
    diff.add_argument("a", help="the earlier snapshot: id, path or latest")
    diff.add_argument("b", help="the later snapshot: id, path or latest")
    snapshots = commands.add_parser("snapshots", help="every snapshot: time, kind, rows")
    report = commands.add_parser(
        "report", help="write report.html (charts, completeness, changes) into a snapshot"
    )
    report.add_argument("snapshot", nargs="?", default="latest", help=SNAPSHOT_HELP)
    for parser in (diff, snapshots, report):
        _add_out(parser)


def _add_inspect_command(commands) -> None:
    inspect = commands.add_parser(
        "inspect", help="one page as the parser sees it: blocks, fields, cues, cross-checks"
    )
    inspect.add_argument("page", metavar="URL|FILE", help="a page URL or a saved HTML file")
    inspect.add_argument("--base-url", default=CASECRAWL_BASE_URL, help="the site it belongs to")
    inspect.add_argument("--url", help="for a FILE: the URL it was saved from")
    inspect.add_argument(
        "--snapshot", help="read URLs from this snapshot's archive (id, path or latest)"
    )
    _add_out(inspect)
    inspect.add_argument(
        "--listing", metavar="URL|FILE", help="the listing page showing it, to cross-check with"
    )
    inspect.add_argument(
        "--template",
        metavar="FILE|SNAPSHOT",
        help="read the page with this template.json (or this snapshot folder's); --snapshot "
        "uses its own; without either, per-page rules read it",
    )


def _add_council_commands(commands) -> None:
    councils = commands.add_parser("councils", help="council matching against the register")
    council_commands = councils.add_subparsers(dest="councils_command", required=True)
    match = council_commands.add_parser("match", help="print the councils each text names")
    match.add_argument("texts", nargs="+", metavar="TEXT")
    review = council_commands.add_parser(
        "review",
        aliases=["report"],
        help="the unmatched councils: names that look like councils and matched nothing",
    )
    review.add_argument("snapshot", nargs="?", help="snapshot directory (default data/latest)")
    review.add_argument("--top", type=int, default=20, help="how many strings to list")
    evaluate = council_commands.add_parser(
        "evaluate", help="precision and recall on a labelled CSV (text, expected_codes)"
    )
    evaluate.add_argument("file", metavar="FILE", help="CSV with columns text, expected_codes")
    for sub in (match, review, evaluate):
        _add_out(sub, "data directory (for the cache)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casecrawl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    _add_crawl_commands(commands)
    _add_snapshot_commands(commands)
    _add_inspect_command(commands)
    testbed_commands.add_replica_commands(commands, _add_crawl_options)
    _add_council_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    commands = {
        "crawl": lambda a: crawl(a.base_url, a),
        "refresh": lambda a: crawl(a.base_url, a, kind="refresh"),
        "reparse": reparse,
        "diff": snapshot_history,
        "snapshots": snapshot_history,
        "report": report,
        "inspect": inspect,
        "councils": councils,
        "replica": testbed_commands.replica,
        "demo": lambda a: testbed_commands.demo(a, crawl),
    }
    return commands[args.command](args)


def crawl(base_url: str, args, kind: str = "crawl") -> int:
    from casecrawl.parse.agreement import parse_allowances
    from casecrawl.run.crawl import crawl_settings

    try:
        allowances = parse_allowances(args.allow_disagreement)
        filters = parse_filters(getattr(args, "filter", []))
        if filters:  # a filtered listing is its own dataset, beside the full one
            args.out = str(Path(args.out) / "filtered" / filter_folder(filters))
        settings = crawl_settings(
            base_url, args.out, args.concurrency, args.delay, args.log_level,
            kind=kind, recheck=getattr(args, "recheck", None),
        )  # fmt: skip
        settings.set("CASECRAWL_ALLOW_DISAGREEMENT", allowances, priority="cmdline")
        settings.set("CASECRAWL_FILTER", filters, priority="cmdline")
        if args.no_facets:
            settings.set("CASECRAWL_FACETS", False, priority="cmdline")
        if args.sample_size is not None:
            if args.sample_size < 0:
                raise ValueError(f"--sample-size {args.sample_size}: give 0 or more pages")
            settings.set("CASECRAWL_SAMPLE_SIZE", args.sample_size, priority="cmdline")
        settings.set("CASECRAWL_PROGRESS", "auto", priority="cmdline")
        if os.environ.get("CASECRAWL_PROGRESS_INTERVAL"):  # seconds between plain lines
            interval = _progress_interval(os.environ["CASECRAWL_PROGRESS_INTERVAL"])
            settings.set("CASECRAWL_PROGRESS_INTERVAL", interval, priority="cmdline")
        _register_dir(args.out)  # fail before crawling when the council register cannot be had
    except (ValueError, RegisterUnavailable) as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    return _run(settings, args.out, args.verbose)


def _progress_interval(text: str) -> float:
    """CASECRAWL_PROGRESS_INTERVAL: the seconds between plain progress lines, above 0."""
    try:
        interval = float(text)
    except ValueError:
        interval = 0.0
    if interval <= 0:
        raise ValueError(f"CASECRAWL_PROGRESS_INTERVAL={text!r}: a number of seconds above 0")
    return interval


FILTER_FORMS = {"topic": "topic[{}]", "subject": "subject[{}]"}


def parse_filters(values: list[str]) -> dict[str, str]:
    """'topic=2446' -> {'topic[2446]': '2446'}; 'keys=Transformation' -> {'keys': ...}."""
    filters: dict[str, str] = {}
    for value in values:
        name, _, argument = value.partition("=")
        name, argument = name.strip(), argument.strip()
        if name == "keys" and argument:
            filters["keys"] = argument
        elif name in FILTER_FORMS and argument.isdigit():
            filters[FILTER_FORMS[name].format(argument)] = argument
        else:
            raise ValueError(
                f"--filter {value!r}: use topic=ID, subject=ID (IDs are numbers) or keys=WORDS"
            )
    return filters


def filter_folder(filters: dict[str, str]) -> str:
    """A folder name for a filtered dataset: topic-2446, keys-transformation, ..."""
    parts = [
        f"keys-{value}" if name == "keys" else name.replace("[", "-").rstrip("]")
        for name, value in sorted(filters.items())
    ]
    return "_".join(
        "".join(c if c.isalnum() or c == "-" else "-" for c in p.lower()) for p in parts
    )


def _run(settings, out_dir: str, verbose: bool = False, replay: bool = False) -> int:
    """Crawl (or replay the archives) with Scrapy's log in a file, print the summary, prune
    old snapshots (CASECRAWL_KEEP_SNAPSHOTS) once published."""
    from casecrawl.history.snapshots import prune_snapshots
    from casecrawl.run.crawl import run_crawl
    from casecrawl.run.log import RunLog
    from casecrawl.run.outcome import format_summary

    log = RunLog(settings, out_dir, verbose)
    try:
        if replay:
            from scrapy.utils.log import configure_logging

            from casecrawl.fetch.spiders.case_studies import CaseStudiesSpider
            from casecrawl.run.reparse import run_replay

            configure_logging(settings)  # what CrawlerProcess does for a crawl: LOG_FILE
            result = run_replay(settings, CaseStudiesSpider)
        else:
            result = run_crawl(settings)
    except RuntimeError as error:  # it stopped before writing a snapshot
        print(f"casecrawl: {error}; its log: {log.location(None)}", file=sys.stderr)
        return 1
    except Exception:
        print(f"casecrawl: the run failed; its log: {log.location(None)}", file=sys.stderr)
        raise
    finally:
        log.close()
    print(format_summary(result, log.location(result)), flush=True)
    if not result["complete"]:
        return 1
    keep = int(os.environ.get("CASECRAWL_KEEP_SNAPSHOTS", "0") or 0)
    for path in prune_snapshots(out_dir, keep):
        print(f"  pruned                : {path}")
    return 0


def reparse(args) -> int:
    from casecrawl.history.snapshots import resolve_snapshot
    from casecrawl.run.crawl import reparse_settings

    try:
        source = resolve_snapshot(args.out, args.snapshot)
        settings = reparse_settings(source, args.out, args.log_level)
        settings.set("CASECRAWL_REPARSE_JOBS", args.jobs)
        _register_dir(args.out)
    except (ValueError, RegisterUnavailable) as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    print(f"Reparsing {source} from its archived pages (no network)", flush=True)
    return _run(settings, args.out, args.verbose, replay=True)


def snapshot_history(args) -> int:
    from casecrawl.history.snapshots import (
        diff_snapshots,
        format_diff,
        format_snapshots,
        resolve_snapshot,
    )

    try:
        if args.command == "snapshots":
            print(format_snapshots(args.out))
            return 0
        a, b = resolve_snapshot(args.out, args.a), resolve_snapshot(args.out, args.b)
        print(format_diff(diff_snapshots(a, b)))
    except (ValueError, FileNotFoundError) as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    return 0


def _register_dir(out_dir: str):
    return locate_register(
        os.environ.get("CASECRAWL_REGISTER_DIR"), os.path.join(out_dir, "reference")
    )


def report(args) -> int:
    """Write the snapshot's report.html and print its path."""
    from casecrawl.analysis.html_report import write_report
    from casecrawl.history.snapshots import resolve_snapshot

    try:
        snapshot = resolve_snapshot(args.out, args.snapshot)
    except ValueError as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    try:
        register = CouncilRegister.from_directory(_register_dir(args.out)).to_frame()
    except RegisterUnavailable as error:  # the report is still worth having without it
        print(f"casecrawl: councils without case studies left out: {error}", file=sys.stderr)
        register = None
    try:
        path = write_report(snapshot, register)
    except FileNotFoundError as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    print(path)
    return 0


def councils(args) -> int:
    from casecrawl.analysis.unmatched_councils import council_report
    from casecrawl.councils.matcher import match_councils, to_json_lines

    try:
        matcher = CouncilMatcher(CouncilRegister.from_directory(_register_dir(args.out)))
    except RegisterUnavailable as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    if args.councils_command == "match":
        print(to_json_lines(match_councils(args.texts, matcher)))
        return 0
    if args.councils_command == "evaluate":
        return _evaluate(args.file, matcher)
    snapshot = args.snapshot or os.path.join(args.out, "latest")
    try:
        print(council_report(snapshot, matcher, args.top))
    except FileNotFoundError as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    return 0


def _evaluate(path: str, matcher) -> int:
    from casecrawl.councils.evaluation import format_scores, read_labels, score

    try:
        labels = read_labels(path)
    except (OSError, ValueError) as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    print(format_scores(path, score(labels, matcher)))
    return 0


def inspect(args) -> int:
    from casecrawl.run.inspect import PageUnavailable, inspect_page, load_page
    from casecrawl.urls import normalise_base_url

    try:
        base_url = normalise_base_url(args.base_url)
        archive = _snapshot_archive(args.out, args.snapshot) if args.snapshot else None
        page = load_page(args.page, base_url, args.url, archive)
        listing = load_page(args.listing, base_url, None, archive) if args.listing else None
        template = _inspect_template(args)
    except (ValueError, PageUnavailable) as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    print(inspect_page(page, base_url, listing, template))
    return 0


def _inspect_template(args):
    """The template `inspect` reads with: --template's, else --snapshot's (if it has one)."""
    from casecrawl.dataset.layout import TEMPLATE_NAME
    from casecrawl.history.snapshots import resolve_snapshot
    from casecrawl.run.inspect import load_template

    if args.template:
        return load_template(args.template)
    if args.snapshot:
        folder = resolve_snapshot(args.out, args.snapshot)
        if (folder / TEMPLATE_NAME).exists():
            return load_template(folder)
    return None


def _snapshot_archive(out_dir: str, ref: str) -> dict:
    """URL -> newest archived page across a snapshot and the snapshots it needs."""
    from pathlib import Path

    from casecrawl.dataset import SnapshotFolder
    from casecrawl.dataset.layout import ARCHIVE_NAME
    from casecrawl.fetch.warc import archive_index
    from casecrawl.history.snapshots import resolve_snapshot

    folder = resolve_snapshot(out_dir, ref)
    needs = SnapshotFolder(folder).manifest().get("needs", [])
    paths = [folder.parent / n / ARCHIVE_NAME for n in needs] + [folder / ARCHIVE_NAME]
    return archive_index(Path(p) for p in paths if p.exists())
