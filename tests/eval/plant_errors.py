"""Plant errors in saved answers: ``python -m tests.eval.plant_errors IN.jsonl OUT.jsonl``.

Each answer gets one perturbation from ``tests.eval.perturb``, in turn (negations, changed numbers and
names, moved citations, an invented sentence), so a judge's faithfulness on the planted file can be set
against its faithfulness on the clean one (docs/eval.md, "Is the LLM judge independent?").
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from eval.responses import load_answers, write_answers
from tests.eval.perturb import PERTURBATIONS

ORDER = ("negated", "numbers_or_names", "citation_moved", "invented")


def plant(source: Path, target: Path) -> dict[str, str]:
    answers = list(load_answers(source).values())
    planted, applied = [], {}
    for index, answer in enumerate(answers):
        name = ORDER[index % len(ORDER)]
        if answer.response is not None and answer.response.citations:
            answer = replace(answer, response=PERTURBATIONS[name](answer.response))
            applied[answer.id] = name
        planted.append(answer)
    write_answers(target, planted)
    return applied


if __name__ == "__main__":
    for qid, name in plant(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(qid, name)
