// The only way the panel creates markup. Text always goes in as text nodes and attributes through setAttribute, so
// PHP source, strings and class names can never become markup or script, whatever they contain. No innerHTML.
type Child = Node | string | number | null | undefined | false;

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Attributes that could carry a URL or script; never set from data. */
const FORBIDDEN = /^(on|href$|src$|xlink:href$|action$|formaction$|srcdoc$|style$)/i;

function apply(el: Element, attrs: Record<string, string | number | boolean | undefined | null>, children: Child[]): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (FORBIDDEN.test(k)) throw new Error(`refusing to set attribute ${k}`);
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined | null> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

export function s(tag: string, attrs: Record<string, string | number | boolean | undefined | null> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  apply(el, attrs, children);
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}

export function bytes(n: number): string {
  if (Math.abs(n) < 10_000) return `${n.toLocaleString('en-US')} B`;
  if (Math.abs(n) < 10_000_000) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}
