// Node's built-in test runner over the web chat's pure helpers (api/web/text.js).
// Run: node --test tests/web/   (tests/web/test_web_modules.py runs it inside pytest)
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  escapeHtml,
  renderMarkdown,
  renderInline,
  createSSEParser,
  utf16Offset,
  locateSpan,
} from '../../api/web/text.js';

test('escapeHtml escapes every HTML-significant character', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('markdown escapes HTML before adding its own tags', () => {
  const html = renderMarkdown('Hello <script>alert(1)</script> **bold**');
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('&lt;script&gt;'));
  assert.ok(html.includes('<strong>bold</strong>'));
});

test('markdown renders lists and keeps paragraphs apart', () => {
  const html = renderMarkdown('Intro line\n\n- one\n- two\n\nEnd.');
  assert.match(html, /<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
  assert.equal((html.match(/<p>/g) || []).length, 2);
});

test('citation markers become chips, other brackets stay text', () => {
  const html = renderInline('As reported [2], and [see below].');
  assert.match(html, /data-cite="2"/);
  assert.ok(html.includes('[see below]'));
});

test('the SSE parser reassembles events split across chunks, CRLF included', () => {
  const events = [];
  const parser = createSSEParser((e) => events.push(e));
  parser.push('event: token\r');
  parser.push('\ndata: {"text": "Hel');
  parser.push('lo"}\r\n\r\n: ping\n\nevent: done\ndata: {}\n');
  parser.end();
  assert.deepEqual(events, [
    { event: 'token', data: '{"text": "Hello"}' },
    { event: 'done', data: '{}' },
  ]);
});

test('the SSE parser joins multi-line data and defaults the event name', () => {
  const events = [];
  const parser = createSSEParser((e) => events.push(e));
  parser.push('data: a\ndata: b\n\n');
  parser.end();
  assert.deepEqual(events, [{ event: 'message', data: 'a\nb' }]);
});

test('offsets in code points map to UTF-16 and still find the quote', () => {
  const text = 'Emoji 😀 then the quote here.';
  const start = [...'Emoji 😀 then '].length; // code points, as the server counts
  const quote = 'the quote';
  assert.equal(utf16Offset(text, start), 'Emoji 😀 then '.length);
  const span = locateSpan(text, start, start + [...quote].length, quote);
  assert.equal(text.slice(span.start, span.end), quote);
  assert.equal(span.exact, true);
});
