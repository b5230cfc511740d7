// Zend's value model. A zval is either a plain JS value (never refcounted in PHP: null, bool, int, interned string)
// or a heap node (refcounted: runtime string, array, object, reference wrapper). Floats get a box so that
// `1` (int) and `1.0` (float) stay distinct, as PHP distinguishes them in output.
import type { ClassDef } from './classes.js';

export class PFloat {
  constructor(public readonly v: number) {}
}

/** GC colours of Zend/zend_gc.c. */
export type Color = 'black' | 'white' | 'grey' | 'purple';

export interface HeapBase {
  /** Stable id for the trace: assigned at allocation and never reused, so a renderer can animate a node. */
  id: number;
  rc: number;
  /** Slot index in the possible-root buffer (0 = not buffered). */
  rootSlot: number;
  color: Color;
  /** Bytes this node holds in Zend MM (already rounded to size classes). */
  size: number;
  /** Set when the node has been destroyed (rc reached 0 or the collector freed it). */
  dead: boolean;
  /** The collector is freeing this node: nested releases must not free it again (Zend sets its type to NULL). */
  gcFreeing?: boolean;
  /** Root-buffer tag while buffered: 0 root, 1 garbage, 2 garbage whose destructor must run first. */
  gcTag?: number;
}

export interface ZString extends HeapBase {
  kind: 'string';
  s: string;
}

export type Key = number | string;

export interface ZArray extends HeapBase {
  kind: 'array';
  ht: Map<Key, Slot>;
  nextIndex: number;
  /** Packed (list-like, 8.2 stores plain zvals) or a real hash. Decides the size class. */
  packed: boolean;
  /** nTableSize: allocated capacity (0 = not initialised yet, e.g. a fresh empty array). */
  cap: number;
  /** nNumUsed: used buckets including holes left by unset (packed) or deleted buckets (hash). */
  used: number;
  /** Immutable arrays (literals under opcache, the shared empty array) are never refcounted. */
  immutable: boolean;
  /** Internal position pointer (current/next/reset). */
  pos: number;
}

export interface ZObject extends HeapBase {
  kind: 'object';
  handle: number;
  cls: ClassDef;
  props: Map<string, Slot | undefined>;
  /** Number of declared property slots (the rest are dynamic, stored in a separate table). */
  declared: number;
  dtorCalled: boolean;
  /** Closure payload or internal-class state (WeakMap entries, SplObjectStorage, WeakReference target...). */
  closure?: import('./closures.js').ClosureData;
  internal?: any;
  /** Bytes of the dynamic-properties table, when one has been created. */
  dynSize: number;
}

export interface ZRef extends HeapBase {
  kind: 'ref';
  val: Zval;
}

export type HeapNode = ZString | ZArray | ZObject | ZRef;
export type Zval = null | boolean | number | PFloat | string | ZString | ZArray | ZObject;
/** What a variable, array element or property holds: a value, or a reference wrapper around one. */
export type Slot = Zval | ZRef;

export function isHeap(v: unknown): v is HeapNode {
  return typeof v === 'object' && v !== null && !(v instanceof PFloat);
}
export function isRef(v: unknown): v is ZRef {
  return isHeap(v) && v.kind === 'ref';
}
export function isArray(v: unknown): v is ZArray {
  return isHeap(v) && v.kind === 'array';
}
export function isObject(v: unknown): v is ZObject {
  return isHeap(v) && v.kind === 'object';
}
export function isZString(v: unknown): v is ZString {
  return isHeap(v) && v.kind === 'string';
}
export function isStr(v: unknown): v is string | ZString {
  return typeof v === 'string' || isZString(v);
}
export function strOf(v: string | ZString): string {
  return typeof v === 'string' ? v : v.s;
}
export function isInt(v: unknown): v is number {
  return typeof v === 'number';
}
export function isFloat(v: unknown): v is PFloat {
  return v instanceof PFloat;
}
/** Refcounted in Zend's sense: runtime strings, mutable arrays, objects, references. */
export function isRefcounted(v: unknown): v is HeapNode {
  return isHeap(v) && !(v.kind === 'array' && v.immutable);
}
export function deref(v: Slot | undefined): Zval {
  if (v === undefined) return null;
  return isRef(v) ? v.val : v;
}

export function typeName(v: Zval): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (v instanceof PFloat) return 'float';
  if (typeof v === 'string' || v.kind === 'string') return 'string';
  if (v.kind === 'array') return 'array';
  return v.cls.name;
}
