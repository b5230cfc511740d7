// String literals as Zend compiles them: PHP strings are bytes, and "\u{E9}" is the UTF-8 encoding of the code
// point (two bytes here), while php-parser hands back the code point itself. The simulator keeps strings as one
// char per byte (latin1), so double-quoted literals with \u{...} escapes are decoded again from their source text.
import type { Node } from '../core/parse.js';

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"' };

function unescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\' || i + 1 >= raw.length) {
      out += ch;
      continue;
    }
    const next = raw[i + 1];
    let m: RegExpExecArray | null;
    if (next in SIMPLE) {
      out += SIMPLE[next];
      i++;
    } else if ((m = /^u\{([0-9a-fA-F]+)\}/.exec(raw.slice(i + 1)))) {
      out += Buffer.from(String.fromCodePoint(parseInt(m[1], 16)), 'utf8').toString('latin1');
      i += m[0].length;
    } else if ((m = /^x([0-9a-fA-F]{1,2})/.exec(raw.slice(i + 1)))) {
      out += String.fromCharCode(parseInt(m[1], 16));
      i += m[0].length;
    } else if ((m = /^[0-7]{1,3}/.exec(raw.slice(i + 1)))) {
      out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
      i += m[0].length;
    } else out += ch;
  }
  return out;
}

function visit(n: any): void {
  if (!n || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const c of n) visit(c);
    return;
  }
  if (n.kind === 'string' && typeof n.raw === 'string' && n.raw.includes('\\u{')) {
    const quoted = n.isDoubleQuote && n.raw.startsWith('"');
    n.value = unescape(quoted ? n.raw.slice(1, -1) : n.raw);
  }
  for (const k of Object.keys(n)) if (k !== 'loc' && k !== 'kind') visit(n[k]);
}

/** Re-decode double-quoted literals that contain \u{...} escapes into bytes. */
export function decodeUnicodeEscapes(stmts: Node[]): void {
  visit(stmts);
}
