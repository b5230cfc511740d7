// Compiled functions: parameters, the compiled-variable (CV) order Zend assigns, static variables.
import type { Node } from '../core/parse.js';
import type { ClassDef } from './classes.js';
import type { Machine } from './machine.js';
import type { Slot, ZObject, Zval } from './zval.js';
import type { TypeSpec } from './types.js';

export interface ParamDef {
  name: string;
  byRef: boolean;
  variadic: boolean;
  def: Node | null;
  /** Constructor promotion visibility, or null. */
  promote: 'public' | 'protected' | 'private' | null;
  type: string | null;
  nullable: boolean;
  /** The declared type Zend checks on entry (null: untyped). */
  typeSpec: TypeSpec | null;
}

export interface NativeCtx {
  m: Machine;
  thisObj: ZObject | null;
  line: number;
  /** By-reference arguments arrive as reference wrappers; `args` holds owned values otherwise. */
  args: Slot[];
}

export interface FuncDef {
  name: string;
  kind: 'function' | 'method' | 'closure' | 'arrow';
  params: ParamDef[];
  body: Node[] | null;
  /** Arrow functions: the returned expression. */
  expr: Node | null;
  isStatic: boolean;
  byRefReturn: boolean;
  cls: ClassDef | null;
  visibility: 'public' | 'protected' | 'private';
  isAbstract: boolean;
  /** Compiled variables in Zend's order: parameters, then first occurrence in the body. */
  cvs: string[];
  /** `static $x` slots (shared by all calls). */
  statics: Map<string, Slot> | null;
  returnType: string | null;
  returnSpec?: TypeSpec | null;
  /** The body contains `yield`: a call returns a Generator. */
  isGenerator?: boolean;
  node: Node | null;
  /** Internal implementation (built-in functions and methods). Returns an owned value. */
  native?: (ctx: NativeCtx) => Zval;
  /** Indexes of by-reference parameters of a native function (-1 = all from there on). */
  nativeByRef?: number[];
  line: number;
}

const SKIP = new Set(['loc', 'kind', 'leadingComments', 'trailingComments', 'attrGroups']);

/** Variables in the order Zend's compiler meets them (lookup_cv), without entering nested functions/classes. */
export function collectCvs(nodes: Node[] | Node | null, initial: string[] = []): string[] {
  const seen = new Set(initial);
  const out = [...initial];
  const add = (name: unknown) => {
    if (typeof name === 'string' && name !== 'this' && name !== 'GLOBALS' && !seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  };
  const visit = (n: any): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const c of n) visit(c);
      return;
    }
    switch (n.kind) {
      case 'variable':
        if (typeof n.name === 'string') add(n.name);
        else visit(n.name);
        return;
      case 'function':
      case 'class':
      case 'interface':
      case 'trait':
        return;
      case 'closure':
        for (const u of n.uses ?? []) add(u.name);
        return;
      case 'arrowfunc': {
        const params = new Set((n.arguments ?? []).map((p: any) => p.name?.name ?? p.name));
        for (const name of collectCvs(n.body)) if (!params.has(name)) add(name);
        return;
      }
      case 'foreach':
        visit(n.source);
        visit(n.value);
        visit(n.key);
        visit(n.body);
        return;
    }
    for (const k of Object.keys(n)) if (!SKIP.has(k)) visit(n[k]);
  };
  visit(nodes);
  return out;
}
