"""Small synthetic responses for metric tests: no index, no model, milliseconds each."""

from __future__ import annotations

from collections.abc import Sequence

from eval.responses import EvalCitation, EvalResponse

PASSAGES = {
    1: ("plant.txt", "The Zephyr plant in Tallinn produced 4,200 turbines in 2021, the company said."),
    2: ("mayor.txt", "Mayor Anna Kask said the plant would not close before 2030."),
    3: ("critics.txt", "Critics argue that the subsidies were wasted on outdated equipment."),
    4: ("union.txt", "The workers' union reported that wages rose by 12 percent last year."),
    5: ("plant.txt", "Exports to Finland doubled after the new port opened in Paldiski."),
}


def citation(number: int, quote: str | None = None) -> EvalCitation:
    source, text = PASSAGES[number]
    return EvalCitation(
        id=number, source=source, doc_id=f"doc-{source}", quote=quote or text, start=0, end=len(quote or text)
    )


def response(
    answer: str, cited: Sequence[int], retrieved: Sequence[int] = (1, 2, 3, 4, 5), answerable: bool = True
) -> EvalResponse:
    return EvalResponse(
        answer=answer,
        answerable=answerable,
        citations=[citation(n) for n in cited],
        passages=[citation(n) for n in retrieved],
    )


def grounded_answers() -> list[EvalResponse]:
    """Answers whose every sentence restates what it cites."""
    return [
        response(
            "The Zephyr plant in Tallinn produced 4,200 turbines in 2021. [1] "
            "Mayor Anna Kask said the plant would not close before 2030. [2]",
            [1, 2],
        ),
        response(
            "Critics argue that the subsidies were wasted on outdated equipment [3]. "
            "The union reported that wages rose by 12 percent last year [4].",
            [3, 4],
        ),
        response(
            "Exports to Finland doubled after the new port opened in Paldiski. [5] "
            "The plant in Tallinn produced 4,200 turbines in 2021, the company said. [1]",
            [5, 1],
        ),
    ]
