"""Chat front ends' background tasks: titles, tags, follow-up suggestions, search queries.

Open WebUI (and clients like it) send their housekeeping to the same chat endpoint as the
user's questions: "### Task: Generate a concise, 3-5 word title … JSON format: { "title": … }
… <chat_history> USER: … </chat_history>". Answering that from the documents is wrong twice:
it retrieves on a prompt, and the client cannot parse the reply. So such a request is
recognised by its shape (a task header asking for JSON, or a chat-history block) and
answered at once, without retrieval: a title made from the conversation's first question,
and an empty list for tags, follow-ups and queries, which need a capable model to be worth
showing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_HISTORY_BLOCK = re.compile(r"<chat_history>(?P<body>.*?)(?:</chat_history>|$)", re.IGNORECASE | re.DOTALL)
_TASK_HEADER = re.compile(r"^\s*#+\s*task\s*:", re.IGNORECASE | re.MULTILINE)
_ASKS_FOR_JSON = re.compile(r"\bjson\b", re.IGNORECASE)
_USER_LINE = re.compile(r"^\s*user\s*:\s*(?P<text>.+)$", re.IGNORECASE | re.MULTILINE)
# The JSON key a task asks for, in the order they are checked ("follow_ups" before "title":
# a follow-up prompt may mention titles, never the reverse).
_TASK_KEYS = (("follow_ups", re.compile(r"follow[_ -]?ups?", re.IGNORECASE)),
              ("queries", re.compile(r"\"queries\"|search quer", re.IGNORECASE)),
              ("tags", re.compile(r"\"tags\"|\btags\b", re.IGNORECASE)),
              ("title", re.compile(r"\"title\"|\btitle\b", re.IGNORECASE)))
_TITLE_WORDS = 6


@dataclass(frozen=True)
class BackgroundTask:
    kind: str          # "title" | "tags" | "follow_ups" | "queries" | "other"
    reply: str         # the JSON the client expects


def background_task(prompt: str) -> BackgroundTask | None:
    """The task a chat client's housekeeping prompt asks for, with its reply; ``None`` for a real question."""
    is_task = bool(_TASK_HEADER.search(prompt)) and bool(_ASKS_FOR_JSON.search(prompt))
    history = _HISTORY_BLOCK.search(prompt)
    if not is_task and history is None:
        return None
    instructions = prompt[: history.start()] if history else prompt
    kind = next((key for key, pattern in _TASK_KEYS if pattern.search(instructions)), "other")
    if kind == "title":
        return BackgroundTask(kind, json.dumps({"title": title_from(history.group("body") if history else "")}))
    if kind == "other":
        return BackgroundTask(kind, "{}")
    return BackgroundTask(kind, json.dumps({kind: []}))


def title_from(history: str) -> str:
    """The conversation's first question, cut to a few words: 'Has China sent drones to Russia'."""
    first = _USER_LINE.search(history)
    text = first.group("text") if first else history
    words = re.sub(r"\s+", " ", text).strip().rstrip("?.!").split(" ")
    title = " ".join(words[:_TITLE_WORDS]).strip(" ,;:")
    return title or "New chat"
