"""The web chat at / in real headless Chromium (Debian's, driven by Playwright) against the real server.

Never run ``playwright install``: it downloads browsers. These tests use
/usr/bin/chromium. Screenshots go to test-output/e2e/; set
CROSSCHECK_UPDATE_SCREENSHOT=1 to also refresh docs/screenshot.png for the README.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.browser
log = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ANSWER_TIMEOUT_MS = 120_000
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Installed before the page's own script: samples the last answer on every DOM change, so a test can tell
# whether text was on screen while the message was still streaming.
RECORDER = """
window.__samples = [];
new MutationObserver(() => {
  const messages = document.querySelectorAll('.msg.assistant');
  const last = messages[messages.length - 1];
  if (!last) return;
  const answer = last.querySelector('.answer');
  const status = document.getElementById('status');
  window.__samples.push({
    state: last.dataset.state,
    chars: answer ? answer.textContent.length : 0,
    typing: Boolean(answer && answer.querySelector('.typing')),
    status: status ? status.textContent : '',
  });
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
"""
# The citations of the last answer, as the page stored them.
LAST_CITATIONS = """() => {
  const convs = JSON.parse(localStorage.getItem('crosscheck.conversations.v1') || '[]');
  const current = localStorage.getItem('crosscheck.currentConversation');
  const conv = convs.find((c) => c.id === current) || convs[0];
  const answers = conv.messages.filter((m) => m.role === 'assistant');
  return answers[answers.length - 1].citations;
}"""
XSS = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Any, base_url: str, viewport: dict[str, int]) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=viewport, base_url=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.add_init_script(RECORDER)
    page.goto("/")
    page.wait_for_selector("#doc-list li", state="attached")
    return context, page, errors


@pytest.fixture()
def page(browser: Any, live_server: str, output_dir: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh desktop page (empty localStorage); a screenshot of how it ended is kept in test-output/e2e/."""
    context, page, errors = open_page(browser, live_server, DESKTOP)
    yield page
    page.screenshot(path=str(output_dir / f"{_file_name(request.node.name)}.png"))
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def ask(page: Any, question: str) -> Any:
    """Type a question, send it, wait for the answer to finish; returns the assistant message."""
    from playwright.sync_api import expect

    before = page.locator(".msg.assistant").count()
    page.fill("#question", question)
    page.click("#send")
    message = page.locator(".msg.assistant").nth(before)
    expect(message).to_have_attribute("data-state", re.compile("done|error"), timeout=ANSWER_TIMEOUT_MS)
    expect(message).to_have_attribute("data-state", "done")
    return message


def open_first_citation(page: Any, message: Any) -> tuple[Any, dict[str, Any]]:
    """Click the first citation chip of the answer; returns the highlighted mark and that citation."""
    from playwright.sync_api import expect

    chip = message.locator(".answer button.cite").first
    number = int(chip.get_attribute("data-cite"))
    chip.click()
    mark = page.locator("#viewer mark.quote-highlight")
    expect(mark).to_be_visible()
    citation = next(c for c in page.evaluate(LAST_CITATIONS) if c["id"] == number)
    return mark, citation


def test_answer_streams_in_and_a_citation_opens_the_quoted_span(page: Any, output_dir: Path) -> None:
    from playwright.sync_api import expect

    message = ask(page, "Did Chinese companies supply drones to Russia?")
    samples = page.evaluate("window.__samples")
    streaming = [s for s in samples if s["state"] == "streaming"]
    assert streaming, "the message never showed the streaming state"
    assert any(s["chars"] > 0 and not s["typing"] for s in streaming), "no answer text appeared before the end"
    assert any(s["status"].startswith("Streaming") for s in samples)
    log.info("answer text lengths seen while streaming: %s", sorted({s["chars"] for s in streaming}))
    expect(page.locator("#status")).to_have_text("Done")
    assert message.locator(".answer button.cite").count() >= 1
    expect(message.locator(".sources li").first).to_be_visible()

    mark, citation = open_first_citation(page, message)
    assert mark.inner_text().strip() == citation["quote"].strip()
    expect(page.locator("#viewer-title")).not_to_be_empty()
    page.screenshot(path=str(output_dir / "desktop-answer-with-source.png"))


def test_sources_disagree_panel_shows_each_side(page: Any, output_dir: Path) -> None:
    from playwright.sync_api import expect

    message = ask(page, "Has China provided lethal weapons to Russia?")
    panel = message.locator(".conflicts")
    expect(panel).to_be_visible()
    expect(panel.locator("h3")).to_have_text("Sources disagree")
    conflict = panel.locator(".conflict").first
    sides = conflict.locator(".side")
    assert sides.count() == 2, "a disagreement shows two sides, one column each"
    for i in range(2):
        assert sides.nth(i).locator(".claim").count() >= 1, f"side {i} has no voice"
        assert sides.nth(i).locator(".claim .claim-source").first.inner_text(), f"side {i} names no source"
    # Each column is labelled by its voices' stance toward the disputed proposition.
    expect(sides.nth(0).locator(".side-label")).to_have_text("Affirms")
    expect(sides.nth(1).locator(".side-label")).to_have_text(re.compile(r"Denies|Sees no evidence"))
    conflict.locator(".claim-link").first.click()
    expect(page.locator("#viewer mark.quote-highlight")).to_be_visible()
    panel.evaluate("panel => panel.scrollIntoView({block: 'start'})")  # the picture should show the panel
    page.screenshot(path=str(output_dir / "desktop-sources-disagree.png"))
    if os.environ.get("CROSSCHECK_UPDATE_SCREENSHOT") == "1":  # the README's picture: answer, conflict, source
        shutil.copyfile(output_dir / "desktop-sources-disagree.png", REPO / "docs" / "screenshot.png")


def upload(page: Any, name: str, text: str, mime: str) -> None:
    from playwright.sync_api import expect

    page.set_input_files("#upload-file", files=[{"name": name, "mimeType": mime, "buffer": text.encode()}])
    page.click("#upload-btn")
    expect(page.locator("#upload-status")).to_contain_text("Added", timeout=ANSWER_TIMEOUT_MS)
    expect(document_row(page, name)).to_have_count(1)


def document_row(page: Any, source: str) -> Any:
    """The document list shows titles; the source name is the label's tooltip."""
    return page.locator(f'#doc-list li:has(label[title="{source}"])')


@pytest.fixture()
def cleanup_uploads(http: httpx.Client) -> Iterator[list[str]]:
    """Sources uploaded by a test, deleted afterwards so every test sees the demo corpus alone."""
    sources: list[str] = []
    yield sources
    for document in http.get("/documents").json()["documents"]:
        if document["source"] in sources:
            http.delete(f"/documents/{document['id']}")


def test_uploaded_document_can_be_asked_about(page: Any, cleanup_uploads: list[str]) -> None:
    name = "zorblax-observatory.txt"
    cleanup_uploads.append(name)
    upload(page, name, "The Zorblax Observatory\n\nThe Zorblax Observatory in Tromsø received 42 million kroner "
           "in funding from the Nordic Science Fund in 2021. Its main telescope saw first light in 2023.\n",
           "text/plain")
    message = ask(page, "How much funding did the Zorblax Observatory receive?")
    assert "42 million" in message.locator(".answer").inner_text()
    mark, citation = open_first_citation(page, message)
    assert citation["source"] == name
    assert "42 million kroner" in mark.inner_text()


@pytest.mark.parametrize(
    ("name", "mime", "body"),
    [
        ("quillfeather-archive.txt", "text/plain",
         f"The Quillfeather Archive\n\nThe Quillfeather Archive holds 731 illuminated manuscripts. {XSS} "
         "The archive opened its reading room in 1911.\n"),
        ("quillfeather-archive.md", "text/markdown",
         f"# The Quillfeather Archive\n\nThe Quillfeather Archive holds 731 illuminated manuscripts. {XSS}\n\n"
         f"- [click me](javascript:window.__pwned=1)\n\n```html\n{XSS}\n```\n"),
        ("quillfeather-archive.html", "text/html",
         "<!doctype html><html><head><title>The Quillfeather Archive</title>"
         "<script>window.__pwned=1</script></head><body><article><h1>The Quillfeather Archive</h1>"
         f"<p>The Quillfeather Archive holds 731 illuminated manuscripts. {XSS}</p>"
         "<p>Its catalogue shows markup as text: &lt;script&gt;window.__pwned=1&lt;/script&gt; and "
         "&lt;img src=x onerror=\"window.__pwned=1\"&gt; appear in the 1911 register.</p>"
         "<p>The archive opened its reading room in 1911 and has welcomed readers ever since.</p>"
         "</article></body></html>"),
    ],
    ids=["txt", "md", "html"],
)
def test_markup_in_a_document_never_runs(page: Any, cleanup_uploads: list[str], output_dir: Path,
                                         name: str, mime: str, body: str) -> None:
    from playwright.sync_api import expect

    cleanup_uploads.append(name)
    upload(page, name, body, mime)
    message = ask(page, "How many manuscripts does the Quillfeather Archive hold?")
    _, citation = open_first_citation(page, message)
    assert citation["source"] == name
    # The whole stored text, as the document list's "View" shows it.
    document_row(page, name).locator(".doc-view").click()
    expect(page.locator("#viewer-body .doc-text")).to_be_visible()
    shown = page.locator("#viewer-body").inner_text()
    assert "<script>" in shown, "the markup should be shown as text"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#messages script, #messages img, #viewer script, #viewer img").count() == 0
    page.screenshot(path=str(output_dir / f"xss-{_file_name(name)}.png"))


def test_phone_layout_has_no_sideways_scroll(browser: Any, live_server: str, output_dir: Path) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_page(browser, live_server, PHONE)
    try:
        message = ask(page, "How many Chinese citizens did Zelenskyy say were fighting for Russia?")
        expect(message.locator(".answer button.cite").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        expect(page.locator("#sidebar-toggle")).to_be_visible()
        page.screenshot(path=str(output_dir / "phone-answer.png"))
        mark, _ = open_first_citation(page, message)
        expect(mark).to_be_in_viewport()
        page.screenshot(path=str(output_dir / "phone-source.png"))
    finally:
        context.close()
    assert not errors, errors
