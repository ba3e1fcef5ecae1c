"""The ``crosscheck`` command line: ingest, ask, serve, contradictions, eval, bench.

Every subcommand reads the same settings (``CROSSCHECK_*`` variables or the
TOML file in ``CROSSCHECK_CONFIG``); flags override them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from core.settings import Settings
from eval.cli import command_parser

log = logging.getLogger("crosscheck")

EPILOG = """examples:
  crosscheck ingest corpus/demo                 index a folder (txt, md, html, pdf, docx)
  crosscheck ask "Did China supply drones to Russia?"
  crosscheck serve --demo                       web chat + API on http://127.0.0.1:8000
  crosscheck contradictions                     where the indexed sources disagree
  crosscheck eval run --dataset eval/datasets/demo.jsonl --out reports/demo

settings come from CROSSCHECK_* environment variables (see README), e.g.
  CROSSCHECK_DATA_DIR=./data CROSSCHECK_LLM_BACKEND=openai CROSSCHECK_OPENAI_BASE_URL=http://127.0.0.1:8080/v1
"""


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
        datefmt="%Y-%m-%dT%H:%M:%S",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "chromadb", "sentence_transformers", "urllib3", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    for field in ("data_dir", "collection", "llm_backend", "host", "port"):
        value = getattr(args, field, None)
        if value is not None:
            overrides[field] = value
    return Settings(**overrides)


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.errors import IngestError
    from rag.engine import Engine

    engine = Engine.from_settings(_settings(args))
    failures: list[str] = []

    def report(path: Path, error: IngestError) -> None:
        failures.append(f"{path}: {error.message}")

    results = engine.ingestor.ingest_paths(args.paths, progress=not args.quiet, on_error=report)
    counts = {status: sum(1 for r in results if r.status == status) for status in ("created", "replaced", "unchanged")}
    chunks = sum(r.chunks for r in results if r.status != "unchanged")
    print(f"ingested {len(results)} documents ({counts['created']} new, {counts['replaced']} replaced, "
          f"{counts['unchanged']} unchanged), {chunks} new chunks")
    for failure in failures:
        print(f"skipped {failure}", file=sys.stderr)
    return 1 if failures and not results else 0


def cmd_ask(args: argparse.Namespace) -> int:
    from rag.engine import Engine
    from rag.schemas import AskRequest

    engine = Engine.from_settings(_settings(args))
    response = engine.pipeline.run(AskRequest(question=args.question, top_k=args.top_k, sources=args.source))
    if args.json:
        print(response.model_dump_json(indent=2))
        return 0
    print(response.answer)
    if response.citations:
        print("\nSources:")
        for citation in response.citations:
            print(f"  [{citation.id}] {citation.source} @{citation.start}-{citation.end}: \"{citation.quote[:160]}\"")
    for conflict in response.contradictions:
        print(f"\nSources disagree: {conflict.explanation}")
        for number, side in enumerate(conflict.by_side()):
            if number:
                print("  against")
            for claim in side:
                print(f"  [{claim.citation}] {claim.speaker or claim.source}: \"{claim.quote[:160]}\"")
    unsupported = [s.text for s in response.sentences if not s.supported]
    if unsupported:
        print(f"\n{len(unsupported)} sentence(s) are not supported by their citations.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    settings = _settings(args)
    if args.demo:
        settings = settings.model_copy(update={"demo_corpus": Path(args.demo)})
    app = create_app(settings)
    print(f"Crosscheck on http://{settings.host}:{settings.port}  (ready when GET /ready says so)")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level.lower(),
                workers=1)
    return 0


def cmd_contradictions(args: argparse.Namespace) -> int:
    from rag.conflicts.cli import show_contradictions

    return show_contradictions(_settings(args), source=args.source, as_json=args.json)


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.cli import run_eval_command

    return run_eval_command(args)


def cmd_db(args: argparse.Namespace) -> int:
    from crosscheck.db import run_check, run_migrate

    settings = _settings(args)
    if args.db_command == "migrate":
        return run_migrate(args.source, args.target, settings)
    return run_check(settings)


def cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks.run import run_bench_command

    return run_bench_command(args)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", dest="data_dir", type=Path, help="where the index lives (CROSSCHECK_DATA_DIR)")
    parser.add_argument("--collection", help="collection name (CROSSCHECK_COLLECTION, default 'default')")


def build_parser() -> argparse.ArgumentParser:
    parser = command_parser(
        "crosscheck", "Question answering over your documents, with checkable citations and contradictions.", EPILOG
    )
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO (default), WARNING")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = sub.add_parser("ingest", help="index files or folders", description="Index files and folders. "
                            "Re-ingesting unchanged files adds nothing; a changed file replaces its old version.")
    ingest.add_argument("paths", nargs="+", type=Path, help="files or folders (.txt .md .html .pdf .docx)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    _common(ingest)
    ingest.set_defaults(func=cmd_ingest)

    ask = sub.add_parser("ask", help="ask a question of the indexed documents")
    ask.add_argument("question")
    ask.add_argument("--top-k", dest="top_k", type=int, help="passages to retrieve")
    ask.add_argument("--source", action="append", help="restrict to this source (repeatable)")
    ask.add_argument("--json", action="store_true", help="print the full /ask response as JSON")
    ask.add_argument("--llm-backend", dest="llm_backend", choices=["extractive", "llamacpp", "openai"])
    _common(ask)
    ask.set_defaults(func=cmd_ask)

    serve = sub.add_parser("serve", help="run the HTTP API and web chat")
    serve.add_argument("--host", help="bind address (CROSSCHECK_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (CROSSCHECK_PORT, default 8000)")
    serve.add_argument("--demo", nargs="?", const="corpus/demo", default=None,
                       help="index this folder at start-up (default corpus/demo)")
    serve.add_argument("--llm-backend", dest="llm_backend", choices=["extractive", "llamacpp", "openai"])
    _common(serve)
    serve.set_defaults(func=cmd_serve)

    conflicts = sub.add_parser("contradictions", help="list where the indexed sources contradict each other")
    conflicts.add_argument("--source", help="only conflicts involving this source")
    conflicts.add_argument("--json", action="store_true")
    _common(conflicts)
    conflicts.set_defaults(func=cmd_contradictions)

    database = sub.add_parser("db", help="the relational store: migrate SQLite to PostgreSQL, check consistency",
                              description="Documents, the write journal and the contradiction map live in SQLite "
                              "files in the data directory, or in PostgreSQL with CROSSCHECK_DATABASE_URL.")
    db_sub = database.add_subparsers(dest="db_command", required=True, metavar="SUBCOMMAND")
    migrate = db_sub.add_parser("migrate", help="copy a data directory's SQLite state into PostgreSQL",
                                description="Copy documents, spans, metadata, journal, generations and the "
                                "contradiction map into an empty PostgreSQL database, in one transaction; then "
                                "compare row counts and check every collection against its vectors (Chroma "
                                "as configured: the data directory's own, or CROSSCHECK_CHROMA_MODE=http).")
    migrate.add_argument("--from", dest="source", required=True,
                         help="sqlite:///path/to/data-dir (or the data directory itself)")
    migrate.add_argument("--to", dest="target", required=True, help="postgresql://user:password@host:port/db")
    migrate.set_defaults(func=cmd_db)
    check = db_sub.add_parser("check", help="check the configured store against its vectors (index/consistency.py)")
    _common(check)
    check.set_defaults(func=cmd_db)

    evaluate = sub.add_parser("eval", help="evaluate answers (run | score | compare); see 'crosscheck eval -h'",
                              add_help=False)
    evaluate.add_argument("eval_args", nargs=argparse.REMAINDER)
    evaluate.set_defaults(func=cmd_eval)

    bench = sub.add_parser("bench", help="run the benchmarks; see 'crosscheck bench -h'", add_help=False)
    bench.add_argument("bench_args", nargs=argparse.REMAINDER)
    bench.set_defaults(func=cmd_bench)
    return parser


_PASS_THROUGH = {"eval": "eval_args", "bench": "bench_args"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    # eval and bench parse their own flags (including --help), so unknown ones pass through to them.
    args, unknown = parser.parse_known_args(argv)
    if args.command in _PASS_THROUGH:
        setattr(args, _PASS_THROUGH[args.command], unknown + getattr(args, _PASS_THROUGH[args.command]))
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    configure_logging(args.log_level or Settings().log_level)
    handler: Callable[[argparse.Namespace], int] = args.func
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
