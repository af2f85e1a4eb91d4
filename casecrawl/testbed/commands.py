"""The replica's commands (`casecrawl replica serve|fuzz`, `casecrawl demo`): only the
command line reaches the testbed; nothing in production imports it."""

from __future__ import annotations

import argparse
import sys

DEMO_SIZE = 2568
VARIANTS = (
    "markup: classic, flat, plain, localgov, govuk, wordpress, olivero, random, furnished, "
    "or broken-summary|topics|related"
)


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """The replica's size and markup, for `replica serve` and `demo` alike."""
    parser.add_argument("--size", type=int, default=DEMO_SIZE, help="number of case studies")
    parser.add_argument("--variant", default="classic", help=VARIANTS)
    parser.add_argument(
        "--markup-seed", type=int, help="random/furnished markup's seed (default 0)"
    )


def add_replica_commands(commands, add_crawl_options) -> None:
    replica = commands.add_parser("replica", help="the offline replica of the site")
    replica_commands = replica.add_subparsers(dest="replica_command", required=True)
    _add_serve_command(replica_commands)
    _add_fuzz_command(replica_commands)
    demo = commands.add_parser("demo", help="replica + crawl + summary, offline")
    add_site_options(demo)
    add_crawl_options(demo)


def _add_serve_command(replica_commands) -> None:
    serve = replica_commands.add_parser("serve", help="serve the replica on 127.0.0.1")
    add_site_options(serve)
    serve.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    serve.add_argument("--seed", type=int, default=2024, help="generator seed")
    serve.add_argument("--latency", type=float, default=0.0, help="seconds added to each response")
    serve.add_argument("--gone-every", type=int, default=0, help="every Nth case study answers 410")
    serve.add_argument(
        "--publish-after", type=int, help="publish one case study after N listing requests"
    )
    for flag, what in (("--add", "published"), ("--edit", "edited"), ("--remove", "removed")):
        serve.add_argument(
            flag, type=int, default=0, metavar="N",
            help=f"N case studies {what} since" + (" (404)" if flag == "--remove" else ""),
        )  # fmt: skip
    serve.add_argument(
        "--no-validators",
        action="store_true",
        help="no ETag or Last-Modified on detail pages, never 304",
    )
    serve.add_argument(
        "--request-log",
        metavar="FILE",
        help="append one line per request to FILE: ARRIVED METHOD PATH STATUS "
        "(ARRIVED: Unix time, milliseconds)",
    )
    _add_fault_options(serve)


def _add_fault_options(serve) -> None:
    serve.add_argument(
        "--rate-limit",
        type=int,
        metavar="N",
        help="more than N requests within one second start a penalty: every request answers 429",
    )
    serve.add_argument(
        "--penalty",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long a rate-limit penalty lasts (default 10)",
    )
    serve.add_argument(
        "--retry-after-date",
        action="store_true",
        help="send a 429's Retry-After as an HTTP date instead of seconds",
    )
    serve.add_argument(
        "--bad-content",
        action="store_true",
        help="serve one case study of each kind of bad content (wrong encoding, invalid bytes, "
        "unclosed tags, entities, script/style, a 20 MB page, blank summary, season date)",
    )


def _add_fuzz_command(replica_commands) -> None:
    fuzz = replica_commands.add_parser(
        "fuzz",
        help="read the replica in many generated markups as a crawl does; print how many "
        "would be published right, published wrong or refused",
    )
    fuzz.add_argument("--seeds", default="0-99", help="markup seeds, e.g. 0-99 (default)")
    fuzz.add_argument(
        "--generator", choices=("random", "furnished"), default="random",
        help="the markup generator (default random)",
    )  # fmt: skip
    fuzz.add_argument("--size", type=int, default=60, help="case studies per site (default 60)")
    fuzz.add_argument("--seed", type=int, default=2024, help="site generator seed")
    fuzz.add_argument(
        "--sample-size", type=int, default=30, help="learning sample per site (default 30)"
    )
    fuzz.add_argument("--jobs", type=int, default=1, help="processes to read seeds in")


def replica(args) -> int:
    return fuzz(args) if args.replica_command == "fuzz" else serve_replica(args)


def fuzz(args) -> int:
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from casecrawl.testbed.fuzz import format_results, fuzz_seed

    first, _, last = args.seeds.partition("-")
    try:
        seeds = range(int(first), int(last or first) + 1)
    except ValueError:
        print(
            f"casecrawl: --seeds {args.seeds!r}: give a seed or a range like 0-99", file=sys.stderr
        )
        return 2
    run = partial(
        fuzz_seed,
        size=args.size,
        site_seed=args.seed,
        generator=args.generator,
        sample_size=args.sample_size,
    )
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(run, seeds, chunksize=4))
    else:
        results = [run(seed) for seed in seeds]
    print(format_results(results))
    return 0 if all(r.correct for r in results) else 1


def serve_replica(args) -> int:
    import json

    from casecrawl.testbed.server import ReplicaServer
    from casecrawl.testbed.site import ReplicaSite

    try:
        site = ReplicaSite(
            args.size,
            args.seed,
            gone_every=args.gone_every,
            added=args.add,
            edited=args.edit,
            removed=args.remove,
            bad_content=args.bad_content,
        )
        server = ReplicaServer(
            site,
            args.variant,
            args.port,
            args.latency,
            args.publish_after,
            markup_seed=args.markup_seed,
            validators=not args.no_validators,
            request_log=args.request_log,
            rate_limit=args.rate_limit,
            penalty=args.penalty,
            retry_after_date=args.retry_after_date,
        )
    except (ValueError, OSError) as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    changes = ", ".join(
        f"{n} {what}"
        for n, what in ((args.add, "added"), (args.edit, "edited"), (args.remove, "removed"))
        if n
    )
    count = f"{len(site.case_studies)} case studies" + (f": {changes}" if changes else "")
    if args.bad_content:
        count += ", bad content"
    if args.rate_limit is not None:
        count += f", rate limit {args.rate_limit}/s, penalty {args.penalty:g} s"
    print(f"casecrawl replica serving {server.base_url} ({args.variant}, {count})", flush=True)
    if hasattr(server.markup, "describe"):  # the random markup: its choices, one JSON line
        print(f"markup {json.dumps(server.markup.describe())}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def demo(args, crawl) -> int:
    """A replica in a child process, crawled by `crawl` (the crawl command's function)."""
    import json

    from casecrawl.parse.agreement import parse_allowances
    from casecrawl.testbed.markups import get_variant
    from casecrawl.testbed.process import ReplicaProcess

    try:
        get_variant(args.variant, args.markup_seed)  # a bad variant fails before anything starts
        parse_allowances(args.allow_disagreement)
    except ValueError as error:
        print(f"casecrawl: {error}", file=sys.stderr)
        return 2
    if args.concurrency is None:
        args.concurrency = 8
    if args.delay is None:
        args.delay = 0.0
    with ReplicaProcess(
        size=args.size, variant=args.variant, markup_seed=args.markup_seed
    ) as replica:
        print(f"Replica of {args.size} case studies at {replica.base_url}", flush=True)
        if replica.markup_description is not None:
            print(f"Markup: {json.dumps(replica.markup_description)}", flush=True)
        return crawl(replica.base_url, args)
