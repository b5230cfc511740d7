// Placeholder arguments for simulating one function on its own: "Simulate GC" in the editor (server/src/lsp/simulate)
// and `memlens simulate --function NAME` (simulate.ts) both ask here, so a function gets the same made-up arguments
// and the same labels everywhere.
//
// Each required parameter gets a value from its declared type. Where harmless, the value makes refcounting visible
// (an array of three ints rather than [], a runtime-looking string rather than ''); a class type gets a fresh
// instance, its constructor's required parameters filled the same way (three levels deep at most); what cannot be
// made (an interface, an abstract class, an untyped parameter) gets null and the label says why. Trailing optional
// parameters keep their defaults; variadics get nothing. Every placeholder carries its label, because the user must
// be told that the simulation ran on made-up data.
import { parsePhp, type Node } from '../core/parse.js';
import type { Machine } from './machine.js';
import type { FuncDef } from './functions.js';
import { findMethod } from './classes.js';
import { classNameOf, resolveNames } from './namespaces.js';
import { nameTable } from '../core/nameTable';

/** One argument made up for a parameter. */
export interface Placeholder {
  /** The parameter, without `$`. */
  param: string;
  /** The PHP expression passed (for a by-reference parameter: the value of the variable passed). */
  value: string;
  /** The declared type as written (`?Node`, `int|string`), or `untyped`, plus why null was passed when it was. */
  why: string;
  byRef?: boolean;
}

/** What the generator needs to know about a class named in a parameter type. */
export interface PlaceholderClass {
  /** The name to write after `new`. */
  code: string;
  /** Whether `new` works on it at all (not abstract, not an interface, trait or enum). */
  concrete: boolean;
  /** The constructor's parameter nodes (empty without a constructor). */
  ctorParams: Node[];
}

/** Finds the class a type node names; `self`/`static` are already replaced by the declaring class's name. */
export type ClassLookup = (type: Node, name: string) => PlaceholderClass | null;

// Values that make refcounting visible where that is harmless, otherwise the simplest valid value.
const BY_TYPE = nameTable<string>({
  int: '1', float: '1.5', string: "'text'", bool: 'true', true: 'true', false: 'false', array: '[1, 2, 3]', iterable: '[1, 2, 3]',
  mixed: 'null', null: 'null', callable: 'fn () => null', object: 'new stdClass()', closure: 'fn () => null', stdclass: 'new stdClass()',
});

const MAX_DEPTH = 3;

function identifier(n: Node | string | null | undefined): string {
  if (!n) return '';
  return typeof n === 'string' ? n : String(n.name ?? '');
}

/** A type as the user wrote it: `?Node`, `int|string`, `A&B`. */
function typeText(t: Node | null | undefined): string {
  if (!t) return '';
  if (t.kind === 'uniontype') return (t.types ?? []).map(typeText).join('|');
  if (t.kind === 'intersectiontype') return (t.types ?? []).map(typeText).join('&');
  return String(t.raw ?? t.name ?? '');
}

interface CallOptions {
  /** Name of the class whose method is called (for `self`/`static` parameter types). */
  selfClass?: string;
  /** Pass by-reference parameters their value instead of a variable (for a caller that cannot run statements). */
  byRefAsValue?: boolean;
}

function valueFor(param: Node, lookup: ClassLookup, opts: CallOptions, depth: number, setup: string[]): { value: string; why: string } {
  const selfClass = opts.selfClass ?? '';
  const shown = typeText(param.type);
  const type = param.nullable ? `?${shown}` : shown || 'untyped';
  const candidates: Node[] = !param.type ? [] : param.type.kind === 'uniontype' ? param.type.types ?? [] : [param.type];
  for (const t of candidates) {
    let name = String(t.name ?? t.raw ?? '').replace(/^\\/, '');
    if (/^(self|static)$/i.test(name)) name = selfClass;
    const byType = BY_TYPE[name.toLowerCase()];
    // Closure cannot be made with `new`: a built-in value stands for it like for the scalar types.
    if (byType !== undefined && (t.kind === 'typereference' || /^closure$/i.test(name))) return { value: byType, why: type };
    const cls = depth < MAX_DEPTH ? lookup(t, name) : null;
    if (cls?.concrete) {
      const inner = placeholderCall(cls.ctorParams, lookup, { ...opts, selfClass: cls.code }, depth + 1);
      setup.push(...inner.setup);
      return { value: `new ${cls.code}(${inner.code})`, why: type };
    }
    if (byType !== undefined) return { value: byType, why: type };
  }
  return { value: 'null', why: `${type}${param.type && !param.nullable ? ', no placeholder could be made: null' : ''}` };
}

/**
 * Arguments for the required parameters of `params` (php-parser parameter nodes). `code` is the argument list;
 * a by-reference parameter is passed a variable (`$nameArg`) that the statements in `setup` assign first.
 */
export function placeholderCall(params: Node[], lookup: ClassLookup, opts: CallOptions = {}, depth = 0): { code: string; setup: string[]; placeholders: Placeholder[] } {
  const args: string[] = [];
  const setup: string[] = [];
  const placeholders: Placeholder[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p.variadic) break;
    if (p.value && params.slice(i).every((q: Node) => q.value || q.variadic)) break;
    const { value, why } = valueFor(p, lookup, opts, depth, setup);
    const param = identifier(p.name);
    if (p.byref && !opts.byRefAsValue) {
      // A by-reference parameter needs a variable to bind to.
      setup.push(`$${param}Arg = ${value};`);
      args.push(`$${param}Arg`);
      placeholders.push({ param, value, why, byRef: true });
    } else {
      args.push(value);
      placeholders.push({ param, value, why, ...(p.byref ? { byRef: true } : {}) });
    }
  }
  return { code: args.join(', '), setup, placeholders };
}

/** The label of a list of placeholders, for notes and messages: `$n = 1 (int), $log = [1, 2, 3] by reference (array)`. */
export function describePlaceholders(placeholders: Placeholder[]): string {
  return placeholders.map((p) => `$${p.param} = ${p.value}${p.byRef ? ' by reference' : ''} (${p.why})`).join(', ');
}

/** The user function `name` refers to: exact (case-insensitive), else the only namespaced one with that short name. */
export function findUserFunction(m: Machine, name: string): FuncDef | null {
  const lc = name.replace(/^\\/, '').toLowerCase();
  const exact = m.functions.get(lc);
  if (exact) return exact;
  const short = [...m.functions.entries()].filter(([k]) => k.endsWith('\\' + lc));
  return short.length === 1 ? short[0][1] : null;
}

/** Classes as the simulator declared them (names resolved to fully qualified ones). */
function machineClasses(m: Machine): ClassLookup {
  return (t, name) => {
    const cls = m.classes.get((t.kind === 'name' ? classNameOf(t) : name).replace(/^\\/, '').toLowerCase()) ?? m.classes.get(name.toLowerCase());
    if (!cls) return null;
    const ctor = findMethod(cls, '__construct');
    const ctorParams = ((ctor?.node?.arguments ?? []) as Node[]);
    // An internal class's constructor has no parameter nodes to fill: only one without a constructor is made.
    const concrete = !cls.isAbstract && !cls.isInterface && !cls.isTrait && !cls.enumKind && (!ctor || !!ctor.node);
    return { code: '\\' + cls.name, concrete, ctorParams };
  };
}

function stripLocations(n: unknown): void {
  if (!n || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const x of n) stripLocations(x);
    return;
  }
  const o = n as Record<string, unknown>;
  if ('kind' in o && 'loc' in o) o.loc = null;
  for (const k of Object.keys(o)) if (k !== 'loc') stripLocations(o[k]);
}

/**
 * For `simulate(..., { functionName })`: argument nodes for the required parameters of `f`, and what they stand for.
 * A by-reference parameter is passed the value itself: the simulator binds it like a temporary variable.
 */
export function placeholderArguments(m: Machine, f: FuncDef): { args: Node[]; placeholders: Placeholder[] } {
  const params = (f.node?.arguments ?? []) as Node[];
  const made = placeholderCall(params, machineClasses(m), { selfClass: f.cls ? '\\' + f.cls.name : '', byRefAsValue: true });
  if (!made.placeholders.length) return { args: [], placeholders: [] };
  const values = made.placeholders.map((p) => p.value).join(', ');
  const { program, errors } = parsePhp(`<?php f(${values});`, 'placeholders.php');
  if (errors.length) throw new Error(`placeholder arguments do not parse: ${values}`);
  resolveNames(program.children);
  // The arguments were not written by the user: their steps belong to the MemLens call, not to a line of the file.
  stripLocations(program.children);
  return { args: program.children[0].expression.arguments as Node[], placeholders: made.placeholders };
}
