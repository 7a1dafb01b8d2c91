// html.mjs - just enough HTML reading for assertions: start tags and their
// attributes, an element's inner HTML and visible text, entity decoding.
// The pages come from libxml2's serializer, so they are regular; this is
// not a general parser.

const NAMED = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  middot: '\u00b7', ldquo: '\u201c', rdquo: '\u201d', lsquo: '\u2018',
  rsquo: '\u2019', mdash: '\u2014', ndash: '\u2013', hellip: '\u2026',
  times: '\u00d7', divide: '\u00f7', copy: '\u00a9', reg: '\u00ae',
  laquo: '\u00ab', raquo: '\u00bb', yen: '\u00a5', deg: '\u00b0',
  plusmn: '\u00b1', bull: '\u2022', sect: '\u00a7', para: '\u00b6',
};

/** Decode character references (&#30331; &#x767b; &amp; ...). */
export function decode(s) {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g, (m, e) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(cp);
    }
    return Object.hasOwn(NAMED, e) ? NAMED[e] : m;
  });
}

const TAG_RE = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR_RE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function parseAttrs(s) {
  const attrs = {};
  for (const m of s.matchAll(ATTR_RE))
    attrs[m[1].toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  return attrs;
}

/** Every start tag: { name, attrs, start, end } (end: index after '>'). */
export function tags(html) {
  const out = [];
  for (const m of html.matchAll(TAG_RE))
    out.push({ name: m[1].toLowerCase(), attrs: parseAttrs(m[2]), start: m.index, end: m.index + m[0].length });
  return out;
}

/** Inner HTML of the element whose start tag is t (same-name nesting counted). */
function innerOf(html, t) {
  if (['input', 'br', 'img', 'meta', 'link', 'hr'].includes(t.name)) return '';
  const re = new RegExp(`<(/?)${t.name}(?=[\\s>/])[^>]*>`, 'gi');
  re.lastIndex = t.end;
  let depth = 1;
  for (let m; (m = re.exec(html)) !== null;) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(t.end, m.index);
  }
  return html.slice(t.end);
}

/** Visible text of an HTML fragment: tags dropped, references decoded, spaces collapsed. */
export function textOf(fragment) {
  return decode(fragment.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ').trim();
}

function matches(t, sel) {
  if (sel.tag && t.name !== sel.tag) return false;
  for (const [k, v] of Object.entries(sel.attrs || {})) {
    if (!(k in t.attrs)) return false;
    if (v === true) continue;
    if (k === 'class' ? !t.attrs[k].split(/\s+/).includes(v) : t.attrs[k] !== v) return false;
  }
  return true;
}

/**
 * Elements matching sel = { tag, attrs: { name: value | true } } ('class'
 * matches one of the classes): [{ name, attrs, inner, text }].
 */
export function findAll(html, sel) {
  return tags(html).filter((t) => matches(t, sel)).map((t) => {
    const inner = innerOf(html, t);
    return { name: t.name, attrs: t.attrs, inner, text: textOf(inner) };
  });
}

/** The first element matching sel, or null. */
export function find(html, sel) {
  return findAll(html, sel)[0] ?? null;
}
