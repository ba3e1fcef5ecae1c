"""Follow-up rewriting: which questions lean on the history, and what the standalone question says."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from rag.followup import FollowupRewriter, Turn, is_followup
from rag.llm.base import ChatMessage

DRONES = "Did Chinese companies supply drones to Russia?"


def history(*questions: str) -> list[Turn]:
    turns: list[Turn] = []
    for question in questions:
        turns += [Turn("user", question), Turn("assistant", "An answer that cites its sources [1].")]
    return turns


@pytest.mark.parametrize(
    "question",
    ["and what did China say about that?", "What about the US?", "And the US?", "Why?", "How many?",
     "What did they say?", "Did they deny it?", "Who said so?", "Is that true?", "What about those drones?"],
)
def test_follow_ups_are_recognised(question: str) -> None:
    assert is_followup(question)


@pytest.mark.parametrize(
    "question",
    ["What is Garpiya-3?", "How much did Russia spend on Chinese drones this year?",
     "Is it true that China supplied weapons to Russia?", "Did China deny that its companies supplied drones?",
     "Are there Chinese citizens fighting for Russia?", "Who is Fabian Hinz?"],
)
def test_standalone_questions_are_left_alone(question: str) -> None:
    rewrite = FollowupRewriter().rewrite(question, history(DRONES))
    assert rewrite.method == "unchanged" and rewrite.standalone == question


def test_anaphor_gets_the_earlier_topic() -> None:
    rewrite = FollowupRewriter().rewrite("and what did China say about that?", history(DRONES))
    assert rewrite.method == "rules"
    assert rewrite.standalone == "What did China say about that (Chinese companies supply drones to Russia)?"


def test_ellipsis_substitutes_the_first_name() -> None:
    asked = "What did China's Foreign Ministry say about lethal weapons?"
    rewrite = FollowupRewriter().rewrite("What about the US?", history(asked))
    assert rewrite.standalone.startswith("What did the US")
    assert rewrite.standalone.endswith("say about lethal weapons?")


def test_a_chain_of_follow_ups_keeps_its_referent() -> None:
    turns = history(DRONES, "What did Zelenskyy say about that?")
    rewrite = FollowupRewriter().rewrite("And the US?", turns)
    assert rewrite.standalone == "What did the US say about that (Chinese companies supply drones to Russia)?"


def test_without_history_nothing_changes() -> None:
    rewrite = FollowupRewriter().rewrite("What did they say?", [])
    assert rewrite.standalone == "What did they say?" and not rewrite.rewritten


def test_assistant_turns_alone_are_not_questions() -> None:
    rewrite = FollowupRewriter().rewrite("Why?", [Turn("assistant", "Hello, ask me anything.")])
    assert rewrite.method == "unchanged"


def test_long_history_topics_are_bounded() -> None:
    rewrite = FollowupRewriter().rewrite("Why?", history("Did " + "very " * 400 + "long things happen?"))
    assert len(rewrite.standalone) < 400


class ScriptedLLM:
    name = "scripted"

    def __init__(self, reply: str | Exception) -> None:
        self.reply = reply
        self.calls = 0

    def stream(self, messages: Sequence[ChatMessage], max_tokens: int = 256) -> Iterator[str]:
        self.calls += 1
        if isinstance(self.reply, Exception):
            raise self.reply
        yield from self.reply.split(" ")[:1]
        for word in self.reply.split(" ")[1:]:
            yield " " + word

    def complete_json(self, messages: Sequence[ChatMessage], schema: dict) -> dict:  # pragma: no cover
        raise NotImplementedError


def test_llm_rewrite_is_used_when_faithful() -> None:
    llm = ScriptedLLM("What did China say about Chinese companies supplying drones to Russia?")
    rewrite = FollowupRewriter(llm).rewrite("and what did China say about that?", history(DRONES))
    assert rewrite.method == "llm"
    assert rewrite.standalone == "What did China say about Chinese companies supplying drones to Russia?"


@pytest.mark.parametrize(
    "reply",
    ["China denied it.",                                   # an answer, not a question
     "What did China say about that?",                     # nothing resolved
     "What is the capital of Australia?",                  # the question's own words are gone
     RuntimeError("backend down")],
    ids=["answer", "unresolved", "unfaithful", "error"],
)
def test_llm_rewrite_falls_back_to_the_rules(reply: str | Exception) -> None:
    llm = ScriptedLLM(reply)
    rewrite = FollowupRewriter(llm).rewrite("and what did China say about that?", history(DRONES))
    assert llm.calls == 1
    assert rewrite.method == "rules" and "Russia" in rewrite.standalone


def test_llm_is_not_asked_about_standalone_questions() -> None:
    llm = ScriptedLLM("anything")
    FollowupRewriter(llm).rewrite("Who is Fabian Hinz?", history(DRONES))
    assert llm.calls == 0
