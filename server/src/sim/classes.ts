// Class entries: declared properties (slot order, defaults, visibility), static members, constants, methods.
import type { Node } from '../core/parse.js';
import type { FuncDef } from './functions.js';
import type { Slot } from './zval.js';
import type { TypeSpec } from './types.js';

export interface PropDecl {
  name: string;
  def: Node | null;
  hasDefault: boolean;
  type: string | null;
  /** The declared type assignments are checked against (absent: untyped). */
  typeSpec?: TypeSpec | null;
  visibility: 'public' | 'protected' | 'private';
  declaringClass: ClassDef;
}

export interface ClassDef {
  name: string;
  parent: ClassDef | null;
  interfaces: ClassDef[];
  isInterface: boolean;
  isAbstract: boolean;
  /** Instance properties in slot order (inherited first). */
  props: PropDecl[];
  propMap: Map<string, PropDecl>;
  /** Default values, evaluated once when the class is first used (the class keeps one reference). */
  defaults: (Slot | undefined)[] | null;
  staticDecls: { name: string; def: Node | null; visibility: string; typeSpec?: TypeSpec | null }[];
  statics: Map<string, Slot> | null;
  consts: Map<string, { node: Node | null; value?: Slot }>;
  methods: Map<string, FuncDef>;
  constructor: FuncDef | null;
  destructor: FuncDef | null;
  /** Fixed instance size for internal classes (bytes, already binned). */
  instanceSize?: number;
  /** An internal dtor_obj handler (zend_generator_dtor_storage): it runs where a __destruct would, so the
   * collector treats such objects as having a destructor. */
  dtorObj?: (m: import('./machine.js').Machine, o: import('./zval.js').ZObject) => void;
  /** Internal classes create their own state. */
  createInternal?: (o: import('./zval.js').ZObject) => void;
  internal: boolean;
  line: number;
  /** A trait: its members are copied into each class that uses it (the node is compiled again per user). */
  isTrait?: boolean;
  /** Traits this class uses directly (class_uses). */
  traits?: ClassDef[];
  node?: Node;
  /** Enums: 'pure' or the backing type; cases are created on first access and kept by the class. */
  enumKind?: 'pure' | 'int' | 'string';
  cases?: Map<string, { node: Node | null; obj?: import('./zval.js').ZObject }>;
  /** Properties declared readonly (written once, from inside the class). */
  readonly?: Set<string>;
  /** Has __get/__set/__isset/__unset (ZEND_ACC_USE_GUARDS): objects carry a guard slot. */
  useGuards?: boolean;
  /** Anonymous classes print and compare by this generated name. */
  anonymous?: boolean;
}

export function findMethod(cls: ClassDef | null, lc: string): FuncDef | null {
  for (let c = cls; c; c = c.parent) {
    const f = c.methods.get(lc);
    if (f) return f;
  }
  return null;
}

export function isSubclassOf(cls: ClassDef, target: ClassDef): boolean {
  for (let c: ClassDef | null = cls; c; c = c.parent) {
    if (c === target) return true;
    for (const i of c.interfaces) if (isSubclassOf(i, target)) return true;
  }
  return false;
}

export function newClassDef(name: string, parent: ClassDef | null, line = 0): ClassDef {
  return {
    name, parent, interfaces: [], isInterface: false, isAbstract: false,
    props: parent ? [...parent.props] : [], propMap: new Map(parent?.propMap ?? []), defaults: null,
    staticDecls: [], statics: null, consts: new Map(), methods: new Map(),
    constructor: parent?.constructor ?? null, destructor: parent?.destructor ?? null, internal: false, line,
  };
}
