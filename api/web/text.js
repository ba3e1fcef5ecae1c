/* Crosscheck web chat: the pure text helpers (escaping, markdown, answer layout, SSE parsing,
 * offsets). No DOM here, so Node's test runner tests them directly (tests/web/).
 *
 * Rule: text from documents, answers or users reaches HTML only through escapeHtml() or
 * renderMarkdown(), which escapes ALL HTML before adding its own fixed tags.
 */
// ---------------------------------------------------------------------------
// Escaping and markdown
// ---------------------------------------------------------------------------

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// [3] or [1, 2] -> citation chips. Digits only, so the chip markup never carries user text.
const CITE_RE = /\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\]/g;
const LIST_ITEM_RE = /^\s*(?:([-*+])|(\d{1,9})[.)])\s+/;

function citeChip(n) {
  const id = String(parseInt(n, 10));
  return `<button type="button" class="cite" data-cite="${id}" aria-label="Citation ${id}">${id}</button>`;
}

/** Inline markdown on text that is ALREADY escaped: code, bold, italics, citations. */
function inlineHtml(escaped) {
  // Split out code spans first so their contents are never treated as markup.
  return escaped
    .split(/(`[^`\n]+`)/g)
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${part.slice(1, -1)}</code>`;
      return part
        .replace(/\*\*(?=\S)([^<]*?\S)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[^\w])__(?=\S)([^<]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
        // Single * / _ italics; `[^<]` keeps them from straddling a <strong> we just added.
        .replace(/(^|[^*\w])\*(?=[^\s*])([^*<\n]*?[^\s*<])\*(?![*\w])/g, '$1<em>$2</em>')
        .replace(/(^|[^_\w])_(?=[^\s_])([^_<\n]*?[^\s_<])_(?![_\w])/g, '$1<em>$2</em>')
        .replace(CITE_RE, (_m, list) => list.split(',').map(citeChip).join(''));
    })
    .join('');
}

/** Inline markdown for raw (unescaped) text. */
export function renderInline(text) {
  return inlineHtml(escapeHtml(text == null ? '' : text));
}

/**
 * A deliberately tiny markdown renderer: paragraphs, bullet / numbered lists, headings,
 * fenced code and the inline forms above. The whole input is escaped first, so the only
 * tags in the output are the ones written here. Unclosed constructs (common while
 * streaming) simply stay as plain text until they close.
 */
export function renderMarkdown(src) {
  const lines = escapeHtml(String(src == null ? '' : src).replace(/\r\n?/g, '\n')).split('\n');
  const out = [];
  let para = [];
  let list = null; // { type: 'ul' | 'ol', start, items: [string] }
  let fence = null; // lines of an open ``` block

  const flushPara = () => {
    if (para.length) out.push(`<p>${para.map(inlineHtml).join('<br>')}</p>`);
    para = [];
  };
  const flushList = () => {
    if (!list) return;
    const start = list.type === 'ol' && list.start > 1 ? ` start="${list.start}"` : '';
    const items = list.items.map((it) => `<li>${inlineHtml(it)}</li>`).join('');
    out.push(`<${list.type}${start}>${items}</${list.type}>`);
    list = null;
  };

  for (const line of lines) {
    if (fence) {
      if (/^\s*```/.test(line)) {
        out.push(`<pre><code>${fence.join('\n')}</code></pre>`);
        fence = null;
      } else {
        fence.push(line);
      }
      continue;
    }
    if (/^\s*```/.test(line)) {
      flushPara();
      flushList();
      fence = [];
      continue;
    }
    if (!line.trim()) {
      flushPara();
      flushList();
      continue;
    }
    const item = line.match(LIST_ITEM_RE);
    if (item) {
      const type = item[1] ? 'ul' : 'ol';
      flushPara();
      if (!list || list.type !== type) {
        flushList();
        list = { type, start: item[2] ? parseInt(item[2], 10) : 1, items: [] };
      }
      list.items.push(line.slice(item[0].length));
      continue;
    }
    const heading = line.match(/^\s*(#{1,6})\s+(.*)$/);
    if (heading) {
      flushPara();
      flushList();
      // Answer headings sit inside a chat bubble, so keep them small (h3..h6).
      const level = Math.min(6, heading[1].length + 2);
      out.push(`<h${level}>${inlineHtml(heading[2])}</h${level}>`);
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // Indented line right after an item: a wrapped continuation of that item.
      list.items[list.items.length - 1] += ' ' + line.trim();
      continue;
    }
    flushList();
    para.push(line);
  }
  if (fence) out.push(`<pre><code>${fence.join('\n')}</code></pre>`); // still streaming
  flushPara();
  flushList();
  return out.join('');
}

/**
 * Group answer sentences back into paragraphs and lists. The sentences event drops the
 * layout, so each sentence is located in the full answer text and the gap before it
 * tells whether a new paragraph (blank line) or list item (line starting "- " / "1.") begins.
 */
export function layoutSentences(answer, sentences) {
  const blocks = [];
  let cur = null;
  let cursor = 0;
  const text = String(answer || '');

  for (const s of sentences) {
    let body = String((s && s.text) || '');
    const needle = body.trim();
    let gap = ' ';
    const idx = needle ? text.indexOf(needle, cursor) : -1;
    if (idx >= 0) {
      gap = text.slice(cursor, idx);
      cursor = idx + needle.length;
    }

    let listType = null;
    const own = body.match(LIST_ITEM_RE);
    if (own) {
      listType = own[1] ? 'ul' : 'ol';
      body = body.slice(own[0].length);
    } else {
      const fromGap = gap.match(/(?:^|\n)[ \t]*(?:([-*+])|(\d{1,9})[.)])[ \t]+$/);
      if (fromGap) listType = fromGap[1] ? 'ul' : 'ol';
    }
    const newParagraph = /\n[ \t]*\n/.test(gap);
    const newLine = gap.includes('\n');
    const piece = { sentence: s, text: body };

    if (listType) {
      if (!cur || cur.type !== listType || newParagraph) {
        cur = { type: listType, items: [] };
        blocks.push(cur);
      }
      cur.items.push([piece]);
    } else if (cur && cur.type !== 'p' && !newLine) {
      cur.items[cur.items.length - 1].push(piece); // second sentence of the same list item
    } else if (!cur || cur.type !== 'p' || newParagraph) {
      cur = { type: 'p', items: [[piece]] };
      blocks.push(cur);
    } else {
      cur.items[0].push(piece);
    }
  }
  return blocks;
}

/** The final answer, one <span class="sentence"> per sentence; unsupported ones are marked. */
export function renderSentencesHtml(answer, sentences) {
  const span = ({ sentence, text }) => {
    const shown = new Set();
    text.replace(CITE_RE, (_m, list) => {
      list.split(',').forEach((n) => shown.add(parseInt(n, 10)));
      return '';
    });
    // Citations the sentence claims but does not show inline still get a chip.
    // Only real integers become markup: anything else from the wire is ignored.
    const extra = (Array.isArray(sentence.citations) ? sentence.citations : [])
      .map(Number)
      .filter((n) => Number.isInteger(n) && n >= 0 && !shown.has(n))
      .map(citeChip)
      .join('');
    const inner = renderInline(text) + extra;
    if (sentence.supported === false) {
      return (
        '<span class="sentence unsupported" data-supported="false" title="Not supported by the cited source">' +
        inner +
        '<span class="visually-hidden"> (not supported by the cited source)</span></span>'
      );
    }
    return `<span class="sentence" data-supported="true">${inner}</span>`;
  };
  return layoutSentences(answer, sentences)
    .map((block) => {
      if (block.type === 'p') return `<p>${block.items[0].map(span).join(' ')}</p>`;
      const items = block.items.map((pieces) => `<li>${pieces.map(span).join(' ')}</li>`).join('');
      return `<${block.type}>${items}</${block.type}>`;
    })
    .join('');
}

// ---------------------------------------------------------------------------
// Server-Sent Events over fetch (EventSource cannot POST)
// ---------------------------------------------------------------------------

/** Incremental SSE parser: push() decoded text as it arrives, end() when the body closes. */
export function createSSEParser(onEvent) {
  let buffer = '';
  let eventName = '';
  let data = [];

  const dispatch = () => {
    if (data.length) onEvent({ event: eventName || 'message', data: data.join('\n') });
    eventName = '';
    data = [];
  };
  const handleLine = (line) => {
    if (line === '') return dispatch();
    if (line[0] === ':') return undefined; // comment / keep-alive ping
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') data.push(value);
    return undefined; // id / retry are irrelevant for a one-shot stream
  };

  return {
    push(chunk) {
      let text = buffer + chunk;
      // A trailing CR may be the first half of CRLF split across chunks: hold it back.
      let hold = '';
      if (text.endsWith('\r')) {
        hold = '\r';
        text = text.slice(0, -1);
      }
      const lines = text.split(/\r\n|\n|\r/);
      buffer = lines.pop() + hold;
      lines.forEach(handleLine);
    },
    end() {
      // Lenient: a final event without its blank line is still delivered.
      if (buffer) handleLine(buffer.replace(/\r$/, ''));
      buffer = '';
      dispatch();
    },
  };
}

// ---------------------------------------------------------------------------
// Offsets: the server counts code points (Python str), JS strings count UTF-16 units
// ---------------------------------------------------------------------------

export function utf16Offset(text, codePoints) {
  if (!/[\uD800-\uDFFF]/.test(text)) return codePoints; // the common, all-BMP case
  let units = 0;
  let seen = 0;
  while (seen < codePoints && units < text.length) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
    seen += 1;
  }
  return units;
}

/**
 * Where to highlight. Offsets win; if they do not land on the quote (stale index,
 * different normalisation) the quote occurrence nearest to them is used instead.
 */
export function locateSpan(text, start, end, quote) {
  const len = text.length;
  const hasOffsets = Number.isInteger(start) && Number.isInteger(end) && end > start;
  const s = hasOffsets ? Math.min(utf16Offset(text, start), len) : -1;
  const e = hasOffsets ? Math.min(utf16Offset(text, end), len) : -1;
  const q = typeof quote === 'string' ? quote : '';
  if (s >= 0 && e > s && (!q || text.slice(s, e) === q)) return { start: s, end: e, exact: true };
  if (q) {
    let best = -1;
    for (let i = text.indexOf(q); i !== -1; i = text.indexOf(q, i + 1)) {
      if (best === -1 || Math.abs(i - s) < Math.abs(best - s)) best = i;
    }
    if (best !== -1) return { start: best, end: best + q.length, exact: false };
  }
  if (s >= 0 && e > s) return { start: s, end: e, exact: false };
  return null;
}
