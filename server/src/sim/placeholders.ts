// `--function NAME` on a function with parameters: each required parameter gets a placeholder argument derived
// from its declaration (int 0, float 0.0, string '', bool false, array/iterable [], a fresh object of a class
// that can be built without arguments, null when nullable, untyped or nothing else fits). Optional parameters keep
// their defaults. The simulation reports the placeholders so that a caller can label them.
import type { Node } from '../core/parse.js';
import type { Machine } from './machine.js';
import type { FuncDef } from './functions.js';
import { findMethod } from './classes.js';
import { classNameOf } from './namespaces.js';

/** One argument the simulator made up: the parameter (without `$`) and the PHP expression it passed. */
export interface Placeholder {
  param: string;
  value: string;
}

/** The user function `name` refers to: exact (case-insensitive), else the only namespaced one with that short name. */
export function findUserFunction(m: Machine, name: string): FuncDef | null {
  const lc = name.replace(/^\\/, '').toLowerCase();
  const exact = m.functions.get(lc);
  if (exact) return exact;
  const short = [...m.functions.entries()].filter(([k]) => k.endsWith('\\' + lc));
  return short.length === 1 ? short[0][1] : null;
}

function literal(kind: string, extra: Record<string, unknown>): Node {
  return { kind, loc: null, ...extra } as unknown as Node;
}

/** Whether `new C()` works: a declared, concrete class whose constructor needs no arguments. */
function constructibleWithoutArgs(m: Machine, name: string): boolean {
  const cls = m.classes.get(name.toLowerCase());
  if (!cls || cls.isAbstract || cls.isInterface || cls.isTrait || cls.enumKind) return false;
  const ctor = findMethod(cls, '__construct');
  return !ctor || ctor.params.every((p) => p.def || p.variadic);
}

function placeholderFor(m: Machine, param: Node): { node: Node; value: string } {
  const t = param.type as Node | null;
  const none = { node: literal('nullkeyword', { raw: 'null' }), value: 'null' };
  if (!t || param.nullable) return none;
  if (t.kind === 'typereference') {
    switch (String(t.name).toLowerCase()) {
      case 'int':
        return { node: literal('number', { value: '0' }), value: '0' };
      case 'float':
        return { node: literal('number', { value: '0.0' }), value: '0.0' };
      case 'string':
        return { node: literal('string', { value: '', raw: "''", isDoubleQuote: false }), value: "''" };
      case 'bool':
      case 'false':
        return { node: literal('boolean', { value: false, raw: 'false' }), value: 'false' };
      case 'true':
        return { node: literal('boolean', { value: true, raw: 'true' }), value: 'true' };
      case 'array':
      case 'iterable':
        return { node: literal('array', { items: [], shortForm: true }), value: '[]' };
    }
    return none;
  }
  if (t.kind === 'name') {
    const name = classNameOf(t);
    if (constructibleWithoutArgs(m, name)) {
      const cls = m.classes.get(name.toLowerCase())!;
      return {
        node: literal('new', { what: { kind: 'name', name: '\\' + cls.name, fqClass: cls.name, resolution: 'fqn', loc: null }, arguments: [] }),
        value: `new ${cls.name}()`,
      };
    }
  }
  return none;
}

/** Argument nodes for the required parameters of `f`, and what they stand for. */
export function placeholderArguments(m: Machine, f: FuncDef): { args: Node[]; placeholders: Placeholder[] } {
  const params = (f.node?.arguments ?? []) as Node[];
  let required = 0;
  params.forEach((p, i) => {
    if (!p.value && !p.variadic) required = i + 1;
  });
  const args: Node[] = [];
  const placeholders: Placeholder[] = [];
  for (let i = 0; i < required; i++) {
    const p = placeholderFor(m, params[i]);
    args.push(p.node);
    placeholders.push({ param: f.params[i].name, value: p.value });
  }
  return { args, placeholders };
}
