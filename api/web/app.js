/* Crosscheck web chat: the page (an ES module, no build step and no framework).
 * Two rules hold everywhere:
 *  1. Text that comes from documents, answers or users reaches the DOM only as text
 *     (textContent / createTextNode / the `h()` helper) or through renderMarkdown(),
 *     which escapes ALL HTML before adding its own fixed tags.
 *  2. No inline event handlers and no eval: listeners are attached here, mostly by
 *     delegation, and look up their data in WeakMaps instead of attributes.
 *
 * The pure helpers (escaping, markdown, SSE parsing, offsets) live in text.js.
 */

import {
  renderMarkdown,
  renderSentencesHtml,
  createSSEParser,
  locateSpan,
} from './text.js';

// ===========================================================================
// Page
// ===========================================================================

const STORE = {
  apiKey: 'crosscheck.apiKey',
  topK: 'crosscheck.topK',
  collection: 'crosscheck.collection',
  conversations: 'crosscheck.conversations.v1',
  current: 'crosscheck.currentConversation',
};
const MAX_CONVERSATIONS = 50;
const UNTITLED = 'New chat';

const state = {
  conversations: [],
  currentId: null,
  documents: null, // null until the first successful load
  selectedSources: new Set(),
  controller: null, // AbortController of the answer being streamed
  streamingMsg: null,
  viewerRequest: 0,
  viewerOpener: null,
};
const textCache = new Map(); // doc id -> Promise of {id, source, title, text}
const msgData = new WeakMap(); // .msg.assistant element -> its stored message object
const claimData = new WeakMap(); // .claim-link button -> its claim object

const $ = (sel) => document.querySelector(sel);
let els = {};

/** Element builder: props become attributes, children become text nodes. Never parses HTML. */
function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (/^on/i.test(key)) throw new Error('inline event handlers are not allowed');
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function safeStorageGet(key, fallback) {
  try {
    const v = localStorage.getItem(key);
    return v == null ? fallback : v;
  } catch {
    return fallback; // storage disabled (private mode, sandboxed iframe)
  }
}

function safeStorageSet(key, value) {
  try {
    if (value == null || value === '') localStorage.removeItem(key);
    else localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

function setStatus(text, kind) {
  els.status.textContent = text;
  els.status.dataset.kind = kind || '';
}

function truncate(text, max) {
  const s = String(text == null ? '' : text).replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status || 0;
  }
}

function authHeaders() {
  const key = safeStorageGet(STORE.apiKey, '').trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** Turn any error body ({"error": {...}}, FastAPI's {"detail": ...}, or none) into a message. */
function errorFromBody(status, statusText, bodyText) {
  let code = `http_${status}`;
  let message = `Request failed (HTTP ${status}${statusText ? ' ' + statusText : ''})`;
  try {
    const body = JSON.parse(bodyText);
    const err = body && body.error;
    if (err && typeof err === 'object') {
      code = String(err.code || code);
      message = String(err.message || message);
    } else if (body && typeof body.detail === 'string') {
      message = body.detail;
    } else if (body && Array.isArray(body.detail)) {
      message = body.detail.map((d) => (d && d.msg) || JSON.stringify(d)).join('; ');
    }
  } catch {
    /* not JSON: keep the generic message */
  }
  if (status === 401 || status === 403) message += ' — check the API key in Settings.';
  return new ApiError(code, message, status);
}

async function apiFetch(path, options = {}) {
  const headers = Object.assign({}, options.headers || {}, authHeaders());
  let res;
  try {
    res = await fetch(path, Object.assign({}, options, { headers }));
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError('network', 'Could not reach the server. Is it running?');
  }
  if (!res.ok) throw errorFromBody(res.status, res.statusText, await res.text().catch(() => ''));
  return res;
}

async function apiJson(path, options) {
  const res = await apiFetch(path, options);
  return res.json();
}

// ---------------------------------------------------------------------------
// Conversations (localStorage)
// ---------------------------------------------------------------------------

function loadConversations() {
  try {
    const parsed = JSON.parse(safeStorageGet(STORE.conversations, '[]'));
    state.conversations = Array.isArray(parsed)
      ? parsed.filter((c) => c && typeof c.id === 'string' && Array.isArray(c.messages))
      : [];
  } catch {
    state.conversations = [];
  }
  const current = safeStorageGet(STORE.current, null);
  state.currentId = state.conversations.some((c) => c.id === current) ? current : null;
}

function saveConversations() {
  state.conversations.sort((a, b) => (b.updatedAt || 0) - (a.updatedAt || 0));
  state.conversations.length = Math.min(state.conversations.length, MAX_CONVERSATIONS);
  // On quota errors drop the oldest chats until the rest fit.
  while (!safeStorageSet(STORE.conversations, JSON.stringify(state.conversations))) {
    if (state.conversations.length <= 1) break;
    state.conversations.pop();
  }
  safeStorageSet(STORE.current, state.currentId);
  renderConversationList();
}

function currentConversation() {
  return state.conversations.find((c) => c.id === state.currentId) || null;
}

function newId() {
  return (crypto.randomUUID && crypto.randomUUID()) || `c${Date.now()}${Math.random().toString(16).slice(2)}`;
}

function startConversation(firstQuestion) {
  const conv = { id: newId(), title: truncate(firstQuestion, 60) || UNTITLED, createdAt: Date.now(), updatedAt: Date.now(), messages: [] };
  state.conversations.unshift(conv);
  state.currentId = conv.id;
  return conv;
}

function renderConversationList() {
  const list = els.convList;
  list.replaceChildren();
  if (!state.conversations.length) {
    list.append(h('li', { class: 'muted empty' }, 'No chats yet.'));
    return;
  }
  for (const conv of state.conversations) {
    const open = h('button', { type: 'button', class: 'conv-open', 'data-conv': conv.id, title: conv.title }, conv.title || UNTITLED);
    if (conv.id === state.currentId) open.setAttribute('aria-current', 'true');
    const del = h('button', { type: 'button', class: 'conv-delete icon-btn', 'data-conv': conv.id, 'aria-label': `Delete chat: ${conv.title}` }, '✕');
    list.append(h('li', { class: conv.id === state.currentId ? 'active' : null }, open, del));
  }
}

function switchConversation(id) {
  stopStreaming();
  state.currentId = id;
  safeStorageSet(STORE.current, id);
  renderMessages();
  renderConversationList();
  closeSidebar();
  setStatus('Ready');
}

function deleteConversation(id) {
  const conv = state.conversations.find((c) => c.id === id);
  if (!conv || !window.confirm(`Delete the chat "${conv.title}"?`)) return;
  if (id === state.currentId) stopStreaming();
  state.conversations = state.conversations.filter((c) => c.id !== id);
  if (id === state.currentId) {
    state.currentId = null;
    renderMessages();
  }
  saveConversations();
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

function renderMessages() {
  els.messages.replaceChildren();
  const conv = currentConversation();
  if (!conv || !conv.messages.length) {
    els.messages.append(els.emptyState);
    return;
  }
  for (const m of conv.messages) {
    if (m.role === 'user') appendUserMessage(m.text);
    else {
      // A reload mid-stream leaves a half answer behind: say so instead of spinning forever.
      if (m.state === 'streaming') {
        m.state = 'error';
        m.error = 'Interrupted before the answer finished.';
      }
      appendAssistantMessage(m);
    }
  }
  scrollToBottom(true);
}

function appendUserMessage(text) {
  els.emptyState.remove();
  const node = h('article', { class: 'msg user', 'aria-label': 'Your question' }, h('div', { class: 'bubble' }, h('p', { class: 'question-text' }, text)));
  els.messages.append(node);
  return node;
}

function appendAssistantMessage(msg) {
  els.emptyState.remove();
  const answer = h('div', { class: 'answer', 'aria-live': 'polite', 'aria-atomic': 'false' });
  const node = h(
    'article',
    { class: 'msg assistant', 'data-state': msg.state, 'aria-label': 'Answer' },
    h('div', { class: 'bubble' }, answer, h('p', { class: 'msg-note', hidden: true }), h('div', { class: 'msg-extras' }))
  );
  msgData.set(node, msg);
  els.messages.append(node);
  renderAssistant(node);
  return node;
}

/** Full re-render of one assistant message from its data; used live and on reload. */
function renderAssistant(node) {
  const msg = msgData.get(node);
  if (!msg) return;
  node.dataset.state = msg.state;
  renderAnswerBody(node);
  renderNote(node);
  renderExtras(node);
}

function renderAnswerBody(node) {
  const msg = msgData.get(node);
  const answer = node.querySelector('.answer');
  answer.setAttribute('aria-busy', msg.state === 'streaming' ? 'true' : 'false');
  if (Array.isArray(msg.sentences) && msg.sentences.length) {
    answer.innerHTML = renderSentencesHtml(msg.text, msg.sentences); // escaped by the renderer
  } else if (msg.text) {
    answer.innerHTML = renderMarkdown(msg.text); // escaped by the renderer
  } else if (msg.state === 'streaming') {
    answer.replaceChildren(h('span', { class: 'typing', 'aria-label': 'Thinking' }, h('span'), h('span'), h('span')));
  } else {
    answer.replaceChildren();
  }
  decorateChips(node);
}

/** Give chips a tooltip from their citation; flag numbers the server never defined. */
function decorateChips(node) {
  const msg = msgData.get(node);
  node.querySelectorAll('.answer button.cite').forEach((chip) => {
    const cite = findCitation(msg, chip.dataset.cite);
    if (cite) {
      const label = cite.title || cite.source;
      chip.title = `${label}: “${truncate(cite.quote, 140)}”`;
      chip.setAttribute('aria-label', `Citation ${cite.id}: ${label}`);
    } else if (Array.isArray(msg.citations)) {
      chip.classList.add('cite-missing');
      chip.title = 'No source was returned for this citation';
    }
  });
}

function renderNote(node) {
  const msg = msgData.get(node);
  const note = node.querySelector('.msg-note');
  let text = '';
  let kind = '';
  if (msg.state === 'error') {
    text = msg.error || 'Something went wrong.';
    kind = 'error';
  } else if (msg.stopped) {
    text = 'Stopped before the answer finished.';
    kind = 'warn';
  } else if (msg.state === 'done' && msg.answerable === false) {
    text = 'The documents do not answer this question.';
    kind = 'warn';
  }
  note.textContent = text;
  note.dataset.kind = kind;
  note.hidden = !text;
  if (kind === 'error') note.setAttribute('role', 'alert');
  else note.removeAttribute('role');
}

function renderExtras(node) {
  const msg = msgData.get(node);
  const extras = node.querySelector('.msg-extras');
  extras.replaceChildren();
  if (Array.isArray(msg.contradictions) && msg.contradictions.length) {
    extras.append(renderConflicts(msg));
  }
  if (Array.isArray(msg.citations) && msg.citations.length) {
    extras.append(renderSources(msg.citations));
  }
}

function renderSources(citations) {
  const list = h('ol', { class: 'source-list' });
  for (const c of citations) {
    const id = Number.isInteger(c.id) ? c.id : parseInt(c.id, 10);
    list.append(
      h(
        'li',
        { 'data-cite': id },
        h('button', { type: 'button', class: 'cite', 'data-cite': id, 'aria-label': `Open citation ${id} in its source` }, String(id)),
        h(
          'div',
          { class: 'source-body' },
          h('span', { class: 'source-title' }, c.title || c.source || 'Untitled'),
          c.title && c.source ? h('span', { class: 'source-name' }, ` — ${c.source}`) : null,
          h('blockquote', { class: 'source-quote' }, truncate(c.quote, 280))
        )
      )
    );
  }
  return h('section', { class: 'sources', 'aria-label': 'Sources' }, h('h3', {}, 'Sources'), list);
}

let conflictSeq = 0;
function renderConflicts(msg) {
  const headingId = `conflicts-h-${++conflictSeq}`;
  const panel = h(
    'section',
    { class: 'conflicts', role: 'region', 'aria-labelledby': headingId },
    h('h3', { id: headingId, class: 'conflicts-heading' }, 'Sources disagree')
  );
  for (const conflict of msg.contradictions) {
    const meta = [];
    if (conflict.judge) meta.push(`Judged by ${conflict.judge}`);
    if (typeof conflict.confidence === 'number') {
      const pct = conflict.confidence <= 1 ? conflict.confidence * 100 : conflict.confidence;
      meta.push(`${Math.round(pct)}% confidence`);
    }
    // One column per side: the judged pair leads each, other voices on that side follow it.
    const sides = [[], []];
    (conflict.claims || []).forEach((claim, i) => {
      const side = Number.isInteger(claim.side) ? claim.side : Math.min(i, 1);
      sides[side === 0 ? 0 : 1].push(claim);
    });
    const claims = h('div', { class: 'claims' });
    sides.filter((side) => side.length).forEach((side, i) => {
      if (i > 0) claims.append(h('div', { class: 'versus', 'aria-hidden': 'true' }, 'vs'));
      claims.append(h('div', { class: 'side' }, h('p', { class: 'side-label' }, stanceLabel(side)), ...side.map(renderClaim)));
    });
    panel.append(
      h(
        'article',
        { class: 'conflict' },
        h('h4', { class: 'conflict-topic' }, capitalised(conflict.topic || 'Conflicting claims')),
        conflict.explanation ? h('p', { class: 'conflict-explanation' }, conflict.explanation) : null,
        meta.length ? h('p', { class: 'conflict-meta' }, meta.join(' · ')) : null,
        claims
      )
    );
  }
  return panel;
}

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// A side is labelled by its voices' stance toward the disputed proposition.
const STANCE_LABELS = { affirms: 'Affirms', denies: 'Denies', no_evidence: 'Sees no evidence' };
function stanceLabel(side) {
  const stances = [...new Set(side.map((claim) => claim.stance).filter(Boolean))];
  if (!stances.length) return '';
  if (stances.length === 1) return STANCE_LABELS[stances[0]] || stances[0];
  return 'Denies or sees no evidence';
}

function renderClaim(claim) {
  const link = h('button', { type: 'button', class: 'claim-link link-btn' }, 'View in source');
  claimData.set(link, claim);
  const who = h('p', { class: 'claim-who' });
  if (claim.speaker) who.append(h('strong', { class: 'claim-speaker' }, claim.speaker), ' in ');
  who.append(h('cite', { class: 'claim-source' }, claim.source || 'unknown source'));
  const chip = Number.isInteger(claim.citation)
    ? h('button', { type: 'button', class: 'cite', 'data-cite': claim.citation, 'aria-label': `Citation ${claim.citation}` }, String(claim.citation))
    : null;
  return h(
    'div',
    { class: 'claim' },
    who,
    claim.text && claim.text !== claim.quote ? h('p', { class: 'claim-text' }, claim.text) : null,
    claim.quote ? h('blockquote', { class: 'claim-quote' }, claim.quote) : null,
    h('div', { class: 'claim-actions' }, link, chip)
  );
}

function findCitation(msg, id) {
  if (!msg || !Array.isArray(msg.citations)) return null;
  const n = parseInt(id, 10);
  return msg.citations.find((c) => Number(c.id) === n) || null;
}

function isNearBottom() {
  const m = els.messages;
  return m.scrollHeight - m.scrollTop - m.clientHeight < 120;
}

function scrollToBottom(force) {
  if (force || isNearBottom()) els.messages.scrollTop = els.messages.scrollHeight;
}

// ---------------------------------------------------------------------------
// Asking
// ---------------------------------------------------------------------------

function buildAskBody(question) {
  const body = { question };
  const topK = parseInt(safeStorageGet(STORE.topK, ''), 10);
  if (Number.isInteger(topK) && topK > 0) body.top_k = topK;
  const collection = safeStorageGet(STORE.collection, '').trim();
  if (collection) body.collection = collection;
  if (state.selectedSources.size) body.sources = [...state.selectedSources];
  return body;
}

function setStreamingUi(on) {
  els.send.disabled = on;
  els.stop.hidden = !on;
  els.composer.setAttribute('aria-busy', on ? 'true' : 'false');
}

async function ask(question) {
  if (state.controller) return; // one answer at a time
  const conv = currentConversation() || startConversation(question);
  if (conv.title === UNTITLED) conv.title = truncate(question, 60);
  const msg = { role: 'assistant', text: '', citations: null, sentences: null, contradictions: [], state: 'streaming' };
  conv.messages.push({ role: 'user', text: question }, msg);
  conv.updatedAt = Date.now();
  saveConversations();

  appendUserMessage(question);
  const node = appendAssistantMessage(msg);
  scrollToBottom(true);

  const controller = new AbortController();
  state.controller = controller;
  state.streamingMsg = msg;
  setStreamingUi(true);
  setStatus('Streaming…', 'busy');

  const rerender = throttleFrame(() => {
    renderAnswerBody(node);
    scrollToBottom(false);
  });

  try {
    const res = await apiFetch('/ask/stream', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(buildAskBody(question)),
      signal: controller.signal,
    });
    const parser = createSSEParser((ev) => handleStreamEvent(ev, msg, node, rerender));
    if (!res.body) throw new ApiError('no_stream', 'This browser cannot read streamed responses.');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
    if (msg.state === 'streaming') {
      msg.state = 'error';
      msg.error = 'The answer stream ended before it finished.';
    }
  } catch (err) {
    if (err && err.name === 'AbortError') {
      msg.state = 'done';
      msg.stopped = true;
    } else {
      msg.state = 'error';
      msg.error = (err && err.message) || 'Something went wrong.';
    }
  } finally {
    rerender.cancel();
    state.controller = null;
    state.streamingMsg = null;
    setStreamingUi(false);
    renderAssistant(node);
    conv.updatedAt = Date.now();
    saveConversations();
    if (msg.state === 'error') setStatus(`Error: ${msg.error}`, 'error');
    else if (msg.stopped) setStatus('Stopped', 'warn');
    else setStatus('Done', 'ok');
    scrollToBottom(false);
  }
}

function parseEventData(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function handleStreamEvent(ev, msg, node, rerender) {
  if (msg.state !== 'streaming') return; // nothing counts after done / error
  const data = parseEventData(ev.data);
  switch (ev.event) {
    case 'token': {
      const piece = data && typeof data.text === 'string' ? data.text : typeof data === 'string' ? data : data === undefined ? ev.data : '';
      msg.text += piece;
      rerender();
      break;
    }
    case 'citations':
      msg.citations = Array.isArray(data) ? data : [];
      renderExtras(node);
      decorateChips(node);
      break;
    case 'sentences':
      msg.sentences = Array.isArray(data) ? data : [];
      rerender.cancel();
      renderAnswerBody(node);
      break;
    case 'contradictions':
      msg.contradictions = Array.isArray(data) ? data : [];
      renderExtras(node);
      break;
    case 'done':
      if (data && typeof data.answer === 'string' && data.answer) msg.text = data.answer;
      msg.answerable = data ? data.answerable !== false : true;
      if (data && data.timings_ms) msg.timings = data.timings_ms;
      msg.state = 'done';
      break;
    case 'error':
      msg.state = 'error';
      msg.error = (data && (data.message || data.code)) || 'The server reported an error.';
      break;
    default:
      break; // unknown events are ignored so the server can add new ones
  }
}

/** Coalesce many token events into at most one render per animation frame. */
function throttleFrame(fn) {
  let pending = 0;
  const run = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      fn();
    });
  };
  run.cancel = () => {
    if (pending) cancelAnimationFrame(pending);
    pending = 0;
  };
  return run;
}

function stopStreaming() {
  if (state.controller) state.controller.abort();
}

function submitQuestion() {
  const question = els.question.value.trim();
  if (!question || state.controller) return;
  els.question.value = '';
  autosize();
  ask(question);
}

function autosize() {
  const q = els.question;
  q.style.height = 'auto';
  q.style.height = `${Math.min(q.scrollHeight, 220)}px`;
}

// ---------------------------------------------------------------------------
// Source viewer
// ---------------------------------------------------------------------------

function fetchDocText(id) {
  if (!textCache.has(id)) {
    const p = apiJson(`/documents/${encodeURIComponent(id)}/text`);
    textCache.set(id, p);
    p.catch(() => textCache.delete(id)); // let a later click retry
  }
  return textCache.get(id);
}

async function findDocBySource(source) {
  const match = () =>
    (state.documents || []).find((d) => d.source === source) ||
    (state.documents || []).find((d) => d.title === source) ||
    (state.documents || []).find((d) => String(d.source || '').split(/[\\/]/).pop() === String(source).split(/[\\/]/).pop());
  let doc = match();
  if (!doc) {
    await loadDocuments(); // the list may be stale or not loaded yet
    doc = match();
  }
  return doc || null;
}

/**
 * Open the viewer on a document, highlighting [start, end) of its stored text.
 * target: { docId?, source?, title?, start?, end?, quote? }
 */
async function openViewer(target, opener) {
  const request = ++state.viewerRequest; // later clicks win over slow earlier fetches
  state.viewerOpener = opener || document.activeElement;
  els.viewerTitle.textContent = target.title || target.source || 'Source';
  els.viewerMeta.textContent = 'Loading…';
  els.viewerBody.replaceChildren();
  els.viewer.hidden = false;
  document.body.classList.add('viewer-open');

  try {
    let docId = target.docId;
    if (!docId && target.source) {
      const doc = await findDocBySource(target.source);
      if (!doc) throw new ApiError('not_found', `No document named “${target.source}” is in the index.`);
      docId = doc.id;
    }
    if (!docId) throw new ApiError('not_found', 'This citation does not name a document.');
    const doc = await fetchDocText(docId);
    if (request !== state.viewerRequest) return;
    els.viewerTitle.textContent = doc.title || doc.source || target.title || 'Source';
    showDocText(String(doc.text || ''), target, doc);
  } catch (err) {
    if (request !== state.viewerRequest) return;
    els.viewerMeta.textContent = '';
    els.viewerBody.replaceChildren(h('p', { class: 'viewer-error', role: 'alert' }, (err && err.message) || 'Could not load the document.'));
  }
  els.viewer.focus({ preventScroll: true });
}

function showDocText(text, target, doc) {
  const wantsSpan = Boolean(target.quote) || Number.isInteger(target.start);
  const span = wantsSpan ? locateSpan(text, target.start, target.end, target.quote) : null;
  const meta = [];
  if (doc.title && doc.source) meta.push(doc.source);
  if (span) {
    const pre = h('div', { class: 'doc-text' });
    const mark = h('mark', { class: 'quote-highlight', tabindex: '-1' }, text.slice(span.start, span.end));
    pre.append(document.createTextNode(text.slice(0, span.start)), mark, document.createTextNode(text.slice(span.end)));
    els.viewerBody.replaceChildren(pre);
    meta.push(`Characters ${target.start ?? span.start}–${target.end ?? span.end}`);
    if (!span.exact) meta.push('offsets did not match the quote; showing the nearest match');
    // Wait a frame so the freshly shown viewer has a layout, then centre the quote.
    requestAnimationFrame(() => scrollMarkIntoView(mark));
  } else {
    els.viewerBody.replaceChildren(h('div', { class: 'doc-text' }, text));
    if (target.quote) meta.push('The quoted passage was not found in the stored text.');
    els.viewerBody.scrollTop = 0;
  }
  els.viewerMeta.textContent = meta.join(' · ');
}

function scrollMarkIntoView(mark) {
  // The page itself never scrolls (fixed-height layout), so this only moves the viewer body.
  mark.scrollIntoView({ block: 'center', inline: 'nearest' });
}

function closeViewer() {
  if (els.viewer.hidden) return;
  state.viewerRequest += 1;
  els.viewer.hidden = true;
  document.body.classList.remove('viewer-open');
  const opener = state.viewerOpener;
  state.viewerOpener = null;
  if (opener && document.contains(opener)) opener.focus();
}

function openCitation(chip) {
  const node = chip.closest('.msg.assistant');
  const msg = msgData.get(node);
  const cite = findCitation(msg, chip.dataset.cite);
  if (!cite) {
    setStatus(
      Array.isArray(msg && msg.citations)
        ? `Citation [${chip.dataset.cite}] has no source.`
        : 'Sources arrive when the answer finishes — try again in a moment.',
      'warn'
    );
    return;
  }
  openViewer({ docId: cite.doc_id, source: cite.source, title: cite.title, start: cite.start, end: cite.end, quote: cite.quote }, chip);
}

function openClaim(link) {
  const claim = claimData.get(link);
  if (!claim) return;
  // Prefer the cited chunk's doc id when the claim carries only a citation number.
  let docId = claim.doc_id || null;
  if (!docId && Number.isInteger(claim.citation)) {
    const cite = findCitation(msgData.get(link.closest('.msg.assistant')), claim.citation);
    if (cite && cite.source === claim.source) docId = cite.doc_id;
  }
  openViewer({ docId, source: claim.source, title: claim.source, start: claim.start, end: claim.end, quote: claim.quote }, link);
}

// ---------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------

async function loadDocuments() {
  els.docListStatus.textContent = state.documents ? '' : 'Loading documents…';
  try {
    const body = await apiJson('/documents');
    state.documents = Array.isArray(body && body.documents) ? body.documents : [];
    // Forget selections for documents that are gone.
    const sources = new Set(state.documents.map((d) => d.source));
    state.selectedSources.forEach((s) => sources.has(s) || state.selectedSources.delete(s));
    renderDocuments();
    els.docListStatus.textContent = state.documents.length ? '' : 'No documents yet. Upload one below.';
  } catch (err) {
    els.docListStatus.textContent = `Could not load documents: ${err.message}`;
  }
}

function renderDocuments() {
  els.docList.replaceChildren();
  for (const doc of state.documents || []) {
    const name = doc.title || doc.source || doc.id;
    const chunks = Number(doc.chunks) || 0;
    const box = h('input', { type: 'checkbox', class: 'doc-pick', value: doc.source });
    box.checked = state.selectedSources.has(doc.source);
    const details = [doc.author, doc.date].filter(Boolean).join(', ');
    const li = h(
      'li',
      { 'data-doc-id': doc.id },
      h(
        'label',
        { class: 'doc-label', title: doc.source || '' },
        box,
        h('span', { class: 'doc-name' }, name),
        h('span', { class: 'doc-meta' }, `${chunks} chunk${chunks === 1 ? '' : 's'}${details ? ' · ' + details : ''}`)
      ),
      h('button', { type: 'button', class: 'doc-view link-btn', 'data-doc-id': doc.id, 'aria-label': `View ${name}` }, 'View'),
      h('button', { type: 'button', class: 'doc-delete icon-btn', 'data-doc-id': doc.id, 'aria-label': `Delete ${name}`, title: 'Delete' }, '✕')
    );
    els.docList.append(li);
  }
}

async function deleteDocument(id) {
  const doc = (state.documents || []).find((d) => d.id === id);
  const name = (doc && (doc.title || doc.source)) || id;
  if (!window.confirm(`Delete "${name}" from the index?`)) return;
  els.docListStatus.textContent = `Deleting ${name}…`;
  try {
    await apiJson(`/documents/${encodeURIComponent(id)}`, { method: 'DELETE' });
    textCache.delete(id);
    els.docListStatus.textContent = `Deleted ${name}.`;
  } catch (err) {
    els.docListStatus.textContent = `Could not delete ${name}: ${err.message}`;
  }
  await loadDocuments();
}

/** XHR rather than fetch: fetch cannot report upload progress. */
function uploadFile(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/documents');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText));
        } catch {
          resolve({});
        }
      } else {
        reject(errorFromBody(xhr.status, xhr.statusText, xhr.responseText));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError('network', 'Upload failed: could not reach the server.')));
    xhr.addEventListener('abort', () => reject(new ApiError('aborted', 'Upload cancelled.')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

async function handleUpload(event) {
  event.preventDefault();
  const file = els.uploadFile.files && els.uploadFile.files[0];
  const status = els.uploadStatus;
  status.dataset.kind = '';
  if (!file) {
    status.textContent = 'Choose a file first.';
    status.dataset.kind = 'error';
    els.uploadFile.focus();
    return;
  }
  els.uploadBtn.disabled = true;
  els.uploadProgress.hidden = false;
  els.uploadProgress.value = 0;
  status.textContent = `Uploading ${file.name}…`;
  try {
    const result = await uploadFile(file, (fraction) => {
      els.uploadProgress.value = Math.round(fraction * 100);
      // Once the bytes are sent the server is still parsing and embedding.
      if (fraction >= 1) status.textContent = `Indexing ${file.name}…`;
    });
    const chunks = Number(result.chunks) || 0;
    const what = result.status && result.status !== 'created' ? ` (${result.status})` : '';
    status.textContent = `Added ${result.source || file.name}${what}: ${chunks} chunk${chunks === 1 ? '' : 's'}.`;
    status.dataset.kind = 'ok';
    els.uploadForm.reset();
  } catch (err) {
    status.textContent = err.message;
    status.dataset.kind = 'error';
  } finally {
    els.uploadBtn.disabled = false;
    els.uploadProgress.hidden = true;
  }
  await loadDocuments();
}

// ---------------------------------------------------------------------------
// Sidebar, settings
// ---------------------------------------------------------------------------

function openSidebar() {
  document.body.classList.add('sidebar-open');
  els.sidebarToggle.setAttribute('aria-expanded', 'true');
  els.scrim.hidden = false;
}

function closeSidebar() {
  if (!document.body.classList.contains('sidebar-open')) return;
  document.body.classList.remove('sidebar-open');
  els.sidebarToggle.setAttribute('aria-expanded', 'false');
  els.scrim.hidden = true;
}

function loadSettingsForm() {
  els.apiKey.value = safeStorageGet(STORE.apiKey, '');
  els.topK.value = safeStorageGet(STORE.topK, '');
  els.collection.value = safeStorageGet(STORE.collection, '');
}

function saveSettings(event) {
  event.preventDefault();
  const ok = [
    safeStorageSet(STORE.apiKey, els.apiKey.value.trim()),
    safeStorageSet(STORE.topK, els.topK.value.trim()),
    safeStorageSet(STORE.collection, els.collection.value.trim()),
  ].every(Boolean);
  els.settingsStatus.textContent = ok ? 'Saved.' : 'Could not save: browser storage is disabled.';
  textCache.clear();
  loadDocuments(); // a new key may unlock the list
}

// ---------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------

function bindEvents() {
  els.composer.addEventListener('submit', (e) => {
    e.preventDefault();
    submitQuestion();
  });
  els.question.addEventListener('keydown', (e) => {
    // Enter sends; Shift+Enter is a newline; never interrupt IME composition.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submitQuestion();
    }
  });
  els.question.addEventListener('input', autosize);
  els.stop.addEventListener('click', stopStreaming);

  els.newChat.addEventListener('click', () => {
    switchConversation(null);
    els.question.focus();
  });

  // One delegated listener for every chip and claim link, live or restored.
  els.messages.addEventListener('click', (e) => {
    const chip = e.target.closest('button.cite');
    if (chip && els.messages.contains(chip)) return openCitation(chip);
    const link = e.target.closest('button.claim-link');
    if (link) return openClaim(link);
    return undefined;
  });

  els.convList.addEventListener('click', (e) => {
    const del = e.target.closest('.conv-delete');
    if (del) return deleteConversation(del.dataset.conv);
    const open = e.target.closest('.conv-open');
    if (open) return switchConversation(open.dataset.conv);
    return undefined;
  });

  els.docList.addEventListener('click', (e) => {
    const del = e.target.closest('.doc-delete');
    if (del) return deleteDocument(del.dataset.docId);
    const view = e.target.closest('.doc-view');
    if (view) {
      const doc = (state.documents || []).find((d) => d.id === view.dataset.docId);
      closeSidebar();
      return openViewer({ docId: view.dataset.docId, title: doc && (doc.title || doc.source) }, view);
    }
    return undefined;
  });
  els.docList.addEventListener('change', (e) => {
    const box = e.target.closest('input.doc-pick');
    if (!box) return;
    if (box.checked) state.selectedSources.add(box.value);
    else state.selectedSources.delete(box.value);
  });
  els.docsRefresh.addEventListener('click', loadDocuments);
  els.uploadForm.addEventListener('submit', handleUpload);
  els.settingsForm.addEventListener('submit', saveSettings);

  els.viewerClose.addEventListener('click', closeViewer);
  els.sidebarToggle.addEventListener('click', () =>
    document.body.classList.contains('sidebar-open') ? closeSidebar() : openSidebar()
  );
  els.scrim.addEventListener('click', closeSidebar);
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (!els.viewer.hidden) closeViewer();
    else closeSidebar();
  });
  els.sidebarClose.addEventListener('click', () => {
    closeSidebar();
    els.sidebarToggle.focus();
  });
}

function init() {
  els = {
    messages: $('#messages'),
    emptyState: $('#empty-state'),
    composer: $('#composer'),
    question: $('#question'),
    send: $('#send'),
    stop: $('#stop'),
    status: $('#status'),
    newChat: $('#new-chat'),
    convList: $('#conv-list'),
    docList: $('#doc-list'),
    docListStatus: $('#doc-list-status'),
    docsRefresh: $('#docs-refresh'),
    uploadForm: $('#upload-form'),
    uploadFile: $('#upload-file'),
    uploadBtn: $('#upload-btn'),
    uploadProgress: $('#upload-progress'),
    uploadStatus: $('#upload-status'),
    settingsForm: $('#settings-form'),
    settingsStatus: $('#settings-status'),
    apiKey: $('#api-key'),
    topK: $('#top-k'),
    collection: $('#collection'),
    viewer: $('#viewer'),
    viewerTitle: $('#viewer-title'),
    viewerMeta: $('#viewer-meta'),
    viewerBody: $('#viewer-body'),
    viewerClose: $('#viewer-close'),
    sidebarToggle: $('#sidebar-toggle'),
    sidebarClose: $('#sidebar-close'),
    scrim: $('#scrim'),
  };
  bindEvents();
  loadSettingsForm();
  loadConversations();
  renderConversationList();
  renderMessages();
  loadDocuments();
  setStatus('Ready');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
