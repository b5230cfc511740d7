// Compile-time name resolution (zend_resolve_class_name, zend_resolve_function_name, zend_resolve_const_name):
// one pass over the program before it runs annotates every declaration with its fully-qualified name and every
// name with what it resolves to, as Zend's compiler does. Classes resolve strictly; functions and constants named
// without a backslash fall back to the global name at run time when the namespaced one does not exist.
import type { Node } from '../core/parse.js';

interface Scope {
  ns: string;
  /** Inside a trait body: its name (__TRAIT__). */
  trait?: string;
  classes: Map<string, string>;
  functions: Map<string, string>;
  constants: Map<string, string>;
}

const SPECIAL_CLASSES = new Set(['self', 'static', 'parent']);
const DECLARATIONS = new Set(['class', 'interface', 'trait', 'enum', 'function']);
const SKIP = new Set(['loc', 'leadingComments', 'trailingComments', 'attrGroups']);

function qualify(ns: string, name: string): string {
  return ns ? `${ns}\\${name}` : name;
}

/** Class names: fully-qualified as written, `namespace\X` relative, first segment through `use` aliases. */
function resolveClass(s: Scope, raw: string): string {
  if (raw.startsWith('\\')) return raw.slice(1);
  if (SPECIAL_CLASSES.has(raw.toLowerCase())) return raw;
  if (raw.toLowerCase().startsWith('namespace\\')) return qualify(s.ns, raw.slice(10));
  const cut = raw.indexOf('\\');
  const first = cut < 0 ? raw : raw.slice(0, cut);
  const alias = s.classes.get(first.toLowerCase());
  if (alias) return cut < 0 ? alias : alias + raw.slice(cut);
  return qualify(s.ns, raw);
}

/** Functions and constants: candidates in lookup order (namespaced first, then the global fallback). */
function resolveSymbol(s: Scope, raw: string, imports: Map<string, string>, caseless: boolean): string[] {
  if (raw.startsWith('\\')) return [raw.slice(1)];
  if (raw.toLowerCase().startsWith('namespace\\')) return [qualify(s.ns, raw.slice(10))];
  const cut = raw.indexOf('\\');
  if (cut >= 0) return [resolveClass(s, raw)];
  const alias = imports.get(caseless ? raw.toLowerCase() : raw);
  if (alias) return [alias];
  return s.ns ? [qualify(s.ns, raw), raw] : [raw];
}

function addUses(s: Scope, group: Node): void {
  const prefix: string = group.name ? String(group.name).replace(/^\\/, '') + '\\' : '';
  for (const item of group.items as Node[]) {
    const full = (prefix + String(item.name)).replace(/^\\/, '');
    const alias: string = item.alias?.name ?? full.slice(full.lastIndexOf('\\') + 1);
    const type = item.type ?? group.type;
    if (type === 'function') s.functions.set(alias.toLowerCase(), full);
    else if (type === 'const') s.constants.set(alias, full);
    else s.classes.set(alias.toLowerCase(), full);
  }
}

function visit(n: any, s: Scope): void {
  if (!n || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const c of n) visit(c, s);
    return;
  }
  switch (n.kind) {
    case 'usegroup':
      addUses(s, n);
      return;
    case 'name': {
      const raw = String(n.name);
      n.fqClass = resolveClass(s, raw);
      n.fqFunc = resolveSymbol(s, raw, s.functions, true);
      n.fqConst = resolveSymbol(s, raw, s.constants, false);
      return;
    }
    case 'magic':
      n.ns = s.ns;
      if (s.trait) n.trait = s.trait;
      return;
    case 'trait':
      n.fqName = qualify(s.ns, n.name.name ?? n.name);
      visit(n.body, { ...s, trait: n.fqName });
      return;
    case 'constantstatement':
      for (const c of n.constants ?? []) c.fqName = qualify(s.ns, c.name?.name ?? c.name);
      break;
  }
  if (DECLARATIONS.has(n.kind) && n.name && typeof (n.name.name ?? n.name) === 'string') {
    n.fqName = qualify(s.ns, n.name.name ?? n.name);
  }
  for (const k of Object.keys(n)) if (!SKIP.has(k) && k !== 'kind') visit(n[k], s);
}

/** Annotate the program: declarations get `fqName`; names get `fqClass`, `fqFunc` and `fqConst`. */
export function resolveNames(stmts: Node[]): void {
  const global: Scope = { ns: '', classes: new Map(), functions: new Map(), constants: new Map() };
  for (const st of stmts) {
    if (st.kind === 'namespace') {
      const s: Scope = { ns: st.name ? String(st.name).replace(/^\\/, '') : '', classes: new Map(), functions: new Map(), constants: new Map() };
      visit(st.children, s);
    } else visit(st, global);
  }
}

/** The statements to run, with namespace blocks flattened (their names are already resolved). */
export function flattenNamespaces(stmts: Node[]): Node[] {
  const out: Node[] = [];
  for (const st of stmts) {
    if (st.kind === 'namespace') out.push(...flattenNamespaces(st.children));
    else if (st.kind !== 'usegroup') out.push(st);
  }
  return out;
}

/** The class a name node resolves to (fully-qualified, or self/static/parent as written). */
export function classNameOf(n: Node): string {
  return n.fqClass ?? String(n.name ?? '').replace(/^\\/, '');
}
