"""Open WebUI's background requests (titles, tags, follow-ups) are answered at once, never retrieved on."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from api.chat_tasks import background_task, title_from

HISTORY = (
    "<chat_history>\nUSER: Has China sent drones to Russia since the invasion began?\n"
    "ASSISTANT: The sources disagree on whether China has sent drones to Russia. [1][2] " + "x" * 12000 +
    "\n</chat_history>"
)
# The shapes of Open WebUI's default task prompts: a task header, guidelines, the JSON wanted, the history.
TITLE = ("### Task:\nGenerate a concise, 3-5 word title with an emoji summarizing the chat history.\n"
         "### Guidelines:\n- The title should clearly represent the main theme.\n"
         '### Output:\nJSON format: { "title": "your concise title here" }\n### Chat History:\n' + HISTORY)
TAGS = ("### Task:\nGenerate 1-3 broad tags categorizing the main themes of the chat history.\n"
        '### Output:\nJSON format: { "tags": ["tag1", "tag2", "tag3"] }\n### Chat History:\n' + HISTORY)
FOLLOW_UPS = ("### Task:\nSuggest 3-5 relevant follow-up questions or prompts that the user might naturally ask next.\n"
              '### Output:\nJSON format: { "follow_ups": ["Question 1?", "Question 2?"] }\n'
              "### Chat History:\n" + HISTORY)


def test_task_prompts_are_recognised_and_questions_are_not() -> None:
    assert background_task("Has China sent drones to Russia?") is None
    assert background_task("What does the JSON module do?") is None
    title = background_task(TITLE)
    assert title is not None and title.kind == "title"
    assert json.loads(title.reply) == {"title": "Has China sent drones to Russia"}
    for prompt, key in ((TAGS, "tags"), (FOLLOW_UPS, "follow_ups")):
        task = background_task(prompt)
        assert task is not None and task.kind == key and json.loads(task.reply) == {key: []}


def test_a_title_is_the_first_question_cut_short() -> None:
    assert title_from("USER: What did the IISS say about drones and about everything else?") == (
        "What did the IISS say about")
    assert title_from("") == "New chat"


def test_the_endpoint_answers_tasks_without_retrieval(demo_client: TestClient) -> None:
    # 12,000 characters of history would be a 422 question_too_long if it were treated as a question.
    reply = demo_client.post("/v1/chat/completions", json={"model": "crosscheck",
                                                           "messages": [{"role": "user", "content": TITLE}]})
    assert reply.status_code == 200
    body = reply.json()
    assert json.loads(body["choices"][0]["message"]["content"]) == {"title": "Has China sent drones to Russia"}
    assert body["crosscheck"] == {"background_task": "title"}

    with demo_client.stream("POST", "/v1/chat/completions", json={
        "model": "crosscheck", "stream": True, "messages": [{"role": "user", "content": FOLLOW_UPS}],
    }) as streamed:
        assert streamed.status_code == 200
        lines = [line for line in streamed.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    content = "".join(json.loads(line[6:])["choices"][0]["delta"].get("content", "") for line in lines[:-1])
    assert json.loads(content) == {"follow_ups": []}
