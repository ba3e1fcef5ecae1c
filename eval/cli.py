"""`crosscheck eval run | score | compare`.

``crosscheck.cli`` hands over the remaining arguments (``args.eval_args``); they are
parsed here so the eval options live next to the code that uses them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.dataset import LabelledPair, Question, in_split, load_pairs, load_questions
from eval.jsonl import DatasetError, Problem
from eval.judges import CachedJudge, JudgeKind, LLMGrader, StrictLexicalJudge, make_judge, resolve_kind
from eval.metrics.judge_agreement import claim_agreement, load_labelled_claims
from eval.report import write_reports
from eval.report.common import SUMMARY_KEYS
from eval.report.compare import compare_reports
from eval.report.json_report import load_report
from eval.responses import load_answers, write_answers
from eval.runner import Evaluation, collect_answers, evaluate
from eval.sources import CorpusTexts, DocumentTexts, NoTexts
from eval.targets import CorpusContradictions, HttpTarget, InProcessTarget, Target, parse_contradictions
from rag.judging import SupportJudge

log = logging.getLogger(__name__)

EPILOG = """examples:
  crosscheck eval run --dataset eval/datasets/demo.jsonl --pairs eval/datasets/demo_pairs.jsonl \\
      --ingest corpus/demo --out reports/demo
  crosscheck eval run --dataset my.jsonl --target http://127.0.0.1:8000 --concurrency 4 --out reports/server
  crosscheck eval score --dataset my.jsonl --answers other-system.jsonl --out reports/other
  crosscheck eval compare reports/demo reports/other

Every run writes DIR/report.json (schema: docs/eval.md), DIR/report.md and DIR/report.html;
`run` also writes DIR/answers.jsonl, which `score` accepts.
"""


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", type=Path, required=True, help="questions, JSONL (format: docs/eval.md)")
    parser.add_argument(
        "--pairs",
        type=Path,
        help="labelled contradiction pairs, JSONL: contradiction.pairs and judge agreement are measured on them",
    )
    parser.add_argument("--out", type=Path, required=True, help="directory for report.json/.md/.html")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument(
        "--split",
        choices=("dev", "test"),
        help='only the questions and pairs of this split (their "split" field); tune on dev, report test',
    )
    parser.add_argument(
        "--judge",
        choices=["auto", "lexical", "llm", "nli"],
        default="auto",
        help="entailment judge; auto = the LLM when an OpenAI-compatible endpoint is configured "
        "(CROSSCHECK_LLM_BACKEND=openai), else the model-free lexical judge",
    )
    parser.add_argument(
        "--nli-model",
        type=Path,
        help="local sentence-transformers NLI cross-encoder folder "
        "for --judge nli (default: CROSSCHECK_NLI_MODEL_PATH)",
    )
    parser.add_argument(
        "--judge-claims",
        type=Path,
        help='hand-labelled claims, JSONL of {"id", "premise", "claim", "label": "supported"|"unsupported"}: '
        "the judge's agreement with them goes into report.json (judge.labelled_claims)",
    )
    parser.add_argument("--k", type=int, help="retrieval.recall@k over the top K passages (default: all returned)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")


def command_parser(prog: str, description: str, epilog: str) -> argparse.ArgumentParser:
    """A parser whose epilog (worked examples) keeps its line breaks in ``--help``."""
    return argparse.ArgumentParser(
        prog=prog, description=description, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def build_parser() -> argparse.ArgumentParser:
    parser = command_parser(
        "crosscheck eval",
        "Evaluate answers: faithfulness, citations, retrieval, refusals, contradictions, latency.",
        EPILOG,
    )
    sub = parser.add_subparsers(dest="eval_command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="ask every question (in-process or a --target server), then score",
        description="Ask every question of the dataset and score the answers. Without --target "
        "the questions go to Crosscheck in this process, using the index in --data-dir.",
    )
    _add_common(run)
    run.add_argument("--target", help="base URL of a server speaking the /ask contract, e.g. http://127.0.0.1:8000")
    run.add_argument(
        "--stream",
        action="store_true",
        help="with --target: use POST /ask/stream and measure "
        "time to first token (streams carry no retrieved passages)",
    )
    run.add_argument(
        "--api-key",
        default=os.environ.get("CROSSCHECK_EVAL_API_KEY"),
        help="with --target: bearer key (default: CROSSCHECK_EVAL_API_KEY)",
    )
    run.add_argument("--concurrency", type=int, default=2, help="questions in flight at once (default 2)")
    run.add_argument("--timeout", type=float, default=180.0, help="seconds per request (default 180)")
    run.add_argument("--ready-timeout", type=float, default=300.0, help="seconds to wait for GET /ready")
    run.add_argument("--top-k", type=int, help="passages to retrieve per question (default: the system's)")
    run.add_argument("--data-dir", type=Path, help="in-process: the index directory (CROSSCHECK_DATA_DIR)")
    run.add_argument("--collection", help="the collection to ask: in-process, CROSSCHECK_COLLECTION's default; "
                     "with --target, sent as ?collection= (default: the server's own)")
    run.add_argument(
        "--llm-backend",
        choices=["extractive", "llamacpp", "openai"],
        help="in-process: who writes the answers (CROSSCHECK_LLM_BACKEND)",
    )
    run.add_argument("--ingest", type=Path, help="in-process: index this folder first (unchanged files are skipped)")

    score = sub.add_parser(
        "score",
        help='score saved answers ({"id", "response"} per line)',
        description="Score saved /ask responses, e.g. another system's outputs converted "
        'to the contract. Each line of --answers: {"id": ..., "response": {...}}.',
    )
    _add_common(score)
    score.add_argument("--answers", type=Path, required=True, help='JSONL of {"id", "response"}')
    score.add_argument("--target", help="a server to read document texts and GET /contradictions from")
    score.add_argument(
        "--contradictions",
        type=Path,
        help="saved GET /contradictions JSON (run writes DIR/contradictions.json) for contradiction.pairs",
    )
    score.add_argument(
        "--corpus",
        type=Path,
        default=Path("corpus/demo"),
        help="without --target: check citation offsets against these files (default corpus/demo)",
    )

    suite = sub.add_parser(
        "suite",
        help="every corpus of the evaluation suite in its own collection, every question set, one table",
        description="Index each corpus under corpus/ into its own collection (in --data-dir), ask each "
        "question set of eval/datasets in-process, write a report per set under --out and print a summary "
        "table. Tune on --split dev; report --split test.",
    )
    suite.add_argument("--split", choices=["dev", "test", "all"], default="test", help="which half (default test)")
    suite.add_argument("--out", type=Path, default=Path("reports/suite"), help="directory for the reports")
    suite.add_argument("--data-dir", type=Path, default=Path("data/eval-suite"),
                       help="index directory for the suite's collections (default data/eval-suite)")
    suite.add_argument("--no-progress", action="store_true", help="no progress bars")
    suite.add_argument("--only", action="append", default=[], metavar="NAME",
                       help="run only this question set (repeatable), e.g. --only demo --only pydocs")

    fit_ranker = sub.add_parser(
        "fit-ranker",
        help="refit the sentence ranker's weights on the suite's dev splits",
        description="Retrieve every answerable question of one split of every suite corpus, label each candidate "
        "sentence by the gold quotes and must-mention facts, fit the ranker's logistic regression and write its "
        "weights, with a leave-one-corpus-out check. Fit on dev only: test is what the weights are judged on.",
    )
    fit_ranker.add_argument("--split", choices=["dev"], default="dev", help="the split to fit on (dev only)")
    fit_ranker.add_argument("--out", type=Path, default=None, help="weights file (default: rag/ranker.json)")
    fit_ranker.add_argument("--data-dir", type=Path, default=Path("data/eval-suite"),
                            help="index directory for the suite's collections (default data/eval-suite)")
    fit_ranker.add_argument("--no-progress", action="store_true", help="no progress bars")

    compare = sub.add_parser("compare", help="two reports side by side, with per-question changes")
    compare.add_argument("reports", nargs=2, type=Path, metavar="REPORT", help="report.json or its directory")
    return parser


# ---------------------------------------------------------------------------
# Shared set-up
# ---------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Any:
    from core.settings import Settings

    overrides = {k: v for k in ("data_dir", "collection", "llm_backend") if (v := getattr(args, k, None)) is not None}
    return Settings(**overrides)


def _load_inputs(args: argparse.Namespace) -> tuple[list[Question], list[LabelledPair]]:
    questions = load_questions(args.dataset)
    split = getattr(args, "split", None)
    if split:
        questions = in_split(questions, split)
        if not questions:
            raise DatasetError([Problem(str(args.dataset), 0, "split", f"no questions in split {split!r}")])
    if args.limit:
        questions = questions[: args.limit]
    pairs = load_pairs(args.pairs) if args.pairs else []
    if split:
        pairs = in_split(pairs, split)
    return questions, pairs


def _judge_llm(args: argparse.Namespace, settings: Any, available: Any) -> Any:
    """The chat backend the judge may use: the engine's, or one built from the settings when asked for."""
    wanted: JudgeKind = args.judge
    if available is not None or not (wanted == "llm" or (wanted == "auto" and settings.llm_backend == "openai")):
        return available
    from rag.llm.factory import make_backend

    return make_backend(settings)


def _judges(args: argparse.Namespace, settings: Any, llm: Any) -> tuple[SupportJudge, LLMGrader | None]:
    kind = resolve_kind(args.judge, llm, settings.llm_backend)
    judge = make_judge(kind, llm, args.nli_model or settings.nli_model_path)
    grader = LLMGrader(llm) if kind == "llm" and llm is not None else None
    return judge, grader


def _judge_records(judge: SupportJudge, pairs: Sequence[LabelledPair]) -> list[dict[str, Any]] | None:
    """Every judgement a model judge made in this run, with the claim, the text it was judged against and
    the label; judgements of the labelled pairs (judge agreement) are marked as such."""
    if not isinstance(judge, CachedJudge):
        return None
    quotes = {q for p in pairs for q in (p.a.quote, p.b.quote)}
    records = []
    for record in judge.records():
        entry = record.as_dict()
        entry["source"] = "labelled pair" if record.claim in quotes and record.cited_text in quotes else "answer"
        records.append(entry)
    return records


def _finish(args: argparse.Namespace, report: dict[str, Any], judge: SupportJudge | None = None,
            pairs: Sequence[LabelledPair] = ()) -> int:
    claims_path = getattr(args, "judge_claims", None)
    if judge is not None and claims_path is not None:
        agreement = claim_agreement(judge, load_labelled_claims(claims_path))
        report["judge"]["labelled_claims"] = {"path": str(claims_path), "claims": agreement.claims,
                                              "agreement": agreement.agreement, "details": list(agreement.details)}
        print(f"judge agreement with {agreement.claims} hand-labelled claims: {agreement.agreement}")
    records = _judge_records(judge, pairs) if judge is not None else None
    if records is not None:
        if claims_path is not None:
            labelled = {(c.claim, c.premise) for c in load_labelled_claims(claims_path)}
            for entry in records:
                if (entry["claim"], entry["cited_text"]) in labelled:
                    entry["source"] = "labelled claim"
        report["judge"]["verdicts"] = records
    paths = write_reports(report, args.out)
    metrics = report["metrics"]
    print(f"judge: {report['judge']['name']}; {report['dataset']['questions']} questions, {report['errors']} errors")
    for key in SUMMARY_KEYS:
        print(f"  {key:40} {metrics[key] if metrics[key] is not None else 'n/a'}")
    print(f"  {'contradiction.pairs':40} {metrics['contradiction.pairs']}")
    print(f"  {'latency':40} {metrics['latency']}")
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


def _in_process_target(args: argparse.Namespace, settings: Any) -> InProcessTarget:
    from rag.engine import Engine

    engine = Engine.from_settings(settings)
    if args.ingest:
        engine.ingest_folder(args.ingest, progress=not args.no_progress)
    if not engine.doctable.list(settings.collection):
        raise SystemExit(
            f"crosscheck eval: the index in {settings.data_dir} (collection {settings.collection}) is "
            "empty; pass --ingest FOLDER or point --data-dir at an index"
        )
    return InProcessTarget(engine, args.top_k)


def cmd_run(args: argparse.Namespace) -> int:
    questions, pairs = _load_inputs(args)
    settings = _settings(args)
    target: Target
    if args.target:
        http = HttpTarget(args.target, args.api_key, args.timeout, args.stream, args.top_k,
                          collection=args.collection)
        http.wait_ready(args.ready_timeout)
        target, llm = http, None
    else:
        in_process = _in_process_target(args, settings)
        target, llm = in_process, in_process.engine.llm
    try:
        judge, grader = _judges(args, settings, _judge_llm(args, settings, llm))
        answers = collect_answers(target, questions, args.concurrency, progress=not args.no_progress)
        args.out.mkdir(parents=True, exist_ok=True)
        write_answers(args.out / "answers.jsonl", answers)
        contradictions = target.contradictions() if pairs else CorpusContradictions(None, "not fetched (no --pairs)")
        if contradictions.items is not None:
            (args.out / "contradictions.json").write_text(
                json.dumps(
                    {"contradictions": [c.model_dump(mode="json") for c in contradictions.items]},
                    ensure_ascii=False,
                    indent=1,
                ),
                encoding="utf-8",
            )
        evaluation = Evaluation(
            "run",
            args.dataset,
            questions,
            args.pairs,
            pairs,
            judge,
            target.texts(),
            contradictions,
            target.system(),
            grader,
            args.k,
            (StrictLexicalJudge(),),
        )
        return _finish(args, evaluate(evaluation, answers, progress=not args.no_progress), judge, pairs)
    finally:
        target.close()


def _saved_contradictions(path: Path) -> CorpusContradictions:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"crosscheck eval: cannot read {path}: {exc}") from exc
    return CorpusContradictions(parse_contradictions(body), f"saved GET /contradictions ({path})")


def cmd_score(args: argparse.Namespace) -> int:
    questions, pairs = _load_inputs(args)
    settings = _settings(args)
    answers = load_answers(args.answers)
    unknown = set(answers) - {q.id for q in questions}
    if unknown:
        log.warning("answers for ids not in the dataset are ignored: %s", ", ".join(sorted(unknown)[:10]))
    http = HttpTarget(args.target) if args.target else None
    texts: DocumentTexts
    if http is not None:
        texts = http.texts()
    elif args.corpus.is_dir():
        texts = CorpusTexts(args.corpus)
    else:
        texts = NoTexts(f"not checked: no --target and no corpus folder at {args.corpus}")
    if args.contradictions:
        contradictions = _saved_contradictions(args.contradictions)
    elif http is not None and pairs:
        contradictions = http.contradictions()
    else:
        contradictions = CorpusContradictions(None, "no source: pass --target or --contradictions FILE")
    try:
        judge, grader = _judges(args, settings, _judge_llm(args, settings, None))
        system = {"mode": "score", "answers": str(args.answers)}
        evaluation = Evaluation(
            "score",
            args.dataset,
            questions,
            args.pairs,
            pairs,
            judge,
            texts,
            contradictions,
            system,
            grader,
            args.k,
            (StrictLexicalJudge(),),
        )
        ordered = [answers[q.id] for q in questions if q.id in answers]
        return _finish(args, evaluate(evaluation, ordered, progress=not args.no_progress), judge, pairs)
    finally:
        if http is not None:
            http.close()


def cmd_compare(args: argparse.Namespace) -> int:
    first, second = (load_report(p) for p in args.reports)
    print(compare_reports(first, second, (str(args.reports[0]), str(args.reports[1]))), end="")
    return 0


def cmd_suite(args: argparse.Namespace) -> int:
    from core.settings import Settings
    from eval.suite import format_table, run_suite

    settings = Settings(data_dir=args.data_dir)
    split = None if args.split == "all" else args.split
    try:
        rows = run_suite(settings, split, args.out, progress=not args.no_progress, only=args.only)
    except ValueError as error:
        print(f"crosscheck eval suite: {error}", file=sys.stderr)
        return 2
    table = format_table(rows)
    (args.out / "summary.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


def cmd_fit_ranker(args: argparse.Namespace) -> int:
    from core.settings import Settings
    from eval.fit_ranker import run
    from rag.ranking import DEFAULT_WEIGHTS

    out = args.out or DEFAULT_WEIGHTS
    fitted = run(Settings(data_dir=args.data_dir), args.split, out, progress=not args.no_progress)
    print(json.dumps(fitted["fitted"], indent=1))
    print(f"weights written to {out}")
    return 0


COMMANDS = {"run": cmd_run, "score": cmd_score, "compare": cmd_compare, "suite": cmd_suite,
            "fit-ranker": cmd_fit_ranker}


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        return COMMANDS[args.eval_command](args)
    except DatasetError as exc:
        print(f"crosscheck eval: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError, TimeoutError) as exc:
        print(f"crosscheck eval: {exc}", file=sys.stderr)
        return 2


def run_eval_command(args: argparse.Namespace) -> int:
    """Entry point from ``crosscheck eval ...`` (``args.eval_args`` holds the rest of the command line)."""
    return main(getattr(args, "eval_args", None) or ["--help"])
