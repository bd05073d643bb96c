"""``python -m bench``: seed, verify, count statements, load both servers, report."""

import argparse
import asyncio
import sys
import time

from rich.console import Console

from bench import check, database, load, machine, report, seed, servers
from bench.config import (
    DEFAULT_DATABASE_URL,
    PROJECT_ROOT,
    RESULTS_DIR,
    Options,
    Sizes,
    asyncpg_url,
    sqlalchemy_url,
)
from bench.endpoints import KEYS, Endpoint, Fixtures, endpoints, load_fixtures
from bench.noise import NOISY_CORES
from infrastructure.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Load-test Conduit against a raw-asyncpg reference server with wrk.",
    )
    defaults = Sizes()
    for name in ("users", "articles", "tags", "follows", "favorites", "comments"):
        parser.add_argument(
            f"--{name}",
            type=int,
            default=getattr(defaults, name),
            help=f"{name} to seed (default %(default)s)",
        )
    parser.add_argument("--duration", type=int, default=15, help="seconds per endpoint and server")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds before each")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument(
        "--threads", type=int, default=None, help="wrk threads (default: its cores)"
    )
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="let the servers and wrk share every core (default: wrk gets the last core)",
    )
    parser.add_argument(
        "--no-relay", dest="relay_in_server", action="store_false", help=servers.RELAY_HELP
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="PostgreSQL database, created when missing (default %(default)s;"
        " or set CONDUIT_BENCH_POSTGRES_URL)",
    )
    parser.add_argument(
        "--endpoints", default=",".join(KEYS), help="comma-separated subset of: " + ", ".join(KEYS)
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="only seed, compare both servers' answers and count statements",
    )
    parser.add_argument(
        "--show-sql", action="store_true", help="print the SQL of one request per endpoint"
    )
    return parser


def _options(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> Options:
    sizes = Sizes(*(getattr(arguments, name) for name in Sizes.__dataclass_fields__))
    chosen = tuple(key.strip() for key in arguments.endpoints.split(",") if key.strip())
    problems = sizes.problems() + [f"unknown endpoint {key!r}" for key in chosen if key not in KEYS]
    if arguments.duration < 1 or arguments.connections < 1 or arguments.workers < 1:
        problems.append("--duration, --connections and --workers must be positive")
    if problems:
        parser.error("; ".join(problems))
    return Options(
        sizes=sizes,
        database_url=arguments.database_url,
        duration=arguments.duration,
        warmup=max(0, arguments.warmup),
        connections=arguments.connections,
        threads=arguments.threads,
        workers=arguments.workers,
        endpoints=chosen,
        pin=arguments.pin,
        relay_in_server=arguments.relay_in_server,
    )


def main() -> None:
    parser = _parser()
    arguments = parser.parse_args()
    options = _options(arguments, parser)
    started = time.perf_counter()
    try:
        asyncio.run(_run(options, verify_only=arguments.verify, show_sql=arguments.show_sql))
    except check.ResponsesDiffer as error:
        sys.exit(f"the reference and Conduit answer differently:\n{error}")
    print(f"done in {time.perf_counter() - started:.0f} s")


async def _run(options: Options, *, verify_only: bool, show_sql: bool) -> None:
    settings = Settings()
    wrk = "" if verify_only else load.ensure_wrk()
    await seed.prepare(options.database_url, options.sizes, settings)
    fixtures = await load_fixtures(options.database_url)
    chosen = endpoints(fixtures, options.endpoints)
    counts, reference_counts = await check.verify_and_count(
        options.database_url,
        options.sizes,
        settings,
        chosen,
        fixtures,
        relay_in_server=options.relay_in_server,
    )
    for endpoint in chosen:
        conduit_sql, reference_sql = counts[endpoint.key], reference_counts[endpoint.key]
        print(
            f"  {endpoint.label}: {conduit_sql.describe()}; reference: {reference_sql.describe()}"
        )
        if show_sql:
            for name, sample in (("conduit", conduit_sql), ("reference", reference_sql)):
                print("\n".join(f"    {name}> {' '.join(sql.split())}" for sql in sample.sample))
    if verify_only:
        return
    server_cores, load_cores = servers.cpu_split() if options.pin else ([], [])
    busy = await machine.busy_cores()
    if busy > 0.3:
        print(f"warning: other processes keep {busy:.1f} cores busy; they will distort the figures")
    threads = min(options.threads or max(1, len(load_cores)), options.connections)
    generator = load.Generator(wrk, options.connections, threads, load_cores)
    url = options.database_url
    conduit = servers.conduit(
        sqlalchemy_url(url), options.workers, settings, relay_in_server=options.relay_in_server
    )
    reference = servers.reference(asyncpg_url(url), options.workers, settings)
    results = {}
    for server in (conduit, reference):
        print(
            f"loading {server.name} (cores {server_cores or 'all'}; wrk on {load_cores or 'all'})"
        )
        async with servers.running(server, server_cores) as base_url:
            results[server.name] = {
                endpoint.key: await _load(generator, base_url, endpoint, fixtures, options)
                for endpoint in chosen
            }
    outcomes = [
        report.Outcome(
            endpoint,
            results["conduit"][endpoint.key],
            results["reference"][endpoint.key],
            counts[endpoint.key],
            reference_counts[endpoint.key],
        )
        for endpoint in chosen
    ]
    console = Console(width=160)
    report.print_table(outcomes, console)
    meta = await machine.describe(options, settings, generator, server_cores, busy)
    for path in report.write_files(outcomes, meta, RESULTS_DIR):
        print(f"wrote {path.relative_to(PROJECT_ROOT)}")


async def _load(
    generator: load.Generator,
    base_url: str,
    endpoint: Endpoint,
    fixtures: Fixtures,
    options: Options,
) -> load.Load:
    if options.warmup:
        await asyncio.to_thread(
            load.run_wrk, generator, base_url, endpoint, fixtures, options.warmup
        )
    result = await asyncio.to_thread(
        load.run_wrk, generator, base_url, endpoint, fixtures, options.duration
    )
    if endpoint.method != "GET":
        await database.discard_writes(options.database_url, options.sizes, fixtures.favorite_slugs)
    flag = ""
    if result.non_2xx or result.socket_errors:
        flag = f"  [!] {result.non_2xx} non-2xx, {result.socket_errors} socket errors"
    if result.foreign_cpu > NOISY_CORES:
        flag += f"  [~] other processes used {result.foreign_cpu:.2f} cores meanwhile"
    print(
        f"  {endpoint.label}: {result.rps:.0f} rps, p50 {result.p50_ms:.1f} ms,"
        f" p99 {result.p99_ms:.1f} ms{flag}"
    )
    return result
