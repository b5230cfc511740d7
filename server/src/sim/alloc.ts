// Allocation of heap nodes with Zend MM accounting. Every node gets a fresh trace id.
import type { Machine } from './machine.js';
import { Guard } from './errors.js';
import { ARRAY_HEADER, REFERENCE_SIZE, arrayDataSize, bin, objectSize, stringSize } from './memory.js';
import type { ClassDef } from './classes.js';
import type { HeapNode, Key, Slot, ZArray, ZObject, ZRef, ZString, Zval } from './zval.js';
import { allocHandle } from './handles.js';

export function chargeMemory(m: Machine, bytes: number): void {
  m.memory += bytes;
  if (m.memory > m.peak) m.peak = m.memory;
  if (m.memory > m.opts.maxMemory) {
    throw new Guard(m.line, `simulated memory limit of ${m.opts.maxMemory} bytes exhausted (tried to allocate ${bytes} bytes)`);
  }
}

export function freeMemory(m: Machine, n: HeapNode): void {
  m.memory -= n.size;
  if (n.kind === 'object') m.memory -= n.dynSize;
}

// Every node is created with all of its fields in one literal, in the same order, so that V8 keeps one hidden
// class per kind (the collector and refcounting touch these fields millions of times on large runs).

/** A runtime (non-interned) string with refcount 1. */
export function newString(m: Machine, s: string, size = stringSize(Buffer.byteLength(s, 'latin1'))): ZString {
  chargeMemory(m, size);
  return { id: m.nextId++, rc: 1, rootSlot: 0, color: 'black', size, dead: false, gcFreeing: false, gcTag: 0, kind: 'string', s };
}

/** zend_new_array: the header now, the data part when the first element arrives (or at once with a size hint). */
export function newArray(m: Machine, hintSize = 0, packed = true): ZArray {
  chargeMemory(m, ARRAY_HEADER);
  const a: ZArray = {
    id: m.nextId++, rc: 1, rootSlot: 0, color: 'black', size: ARRAY_HEADER, dead: false, gcFreeing: false, gcTag: 0,
    kind: 'array', ht: new Map(), nextIndex: 0, packed, cap: 0, used: 0, immutable: false, pos: 0,
  };
  if (hintSize > 0) initArrayData(m, a, hintSize, packed);
  return a;
}

export function initArrayData(m: Machine, a: ZArray, n: number, packed: boolean): void {
  let cap = 8;
  while (cap < n) cap *= 2;
  a.cap = cap;
  a.packed = packed;
  const data = arrayDataSize(cap, packed);
  chargeMemory(m, data);
  a.size += data;
}

export function newRef(m: Machine, val: Zval): ZRef {
  chargeMemory(m, REFERENCE_SIZE);
  return { id: m.nextId++, rc: 1, rootSlot: 0, color: 'black', size: REFERENCE_SIZE, dead: false, gcFreeing: false, gcTag: 0, kind: 'ref', val };
}

export function newObject(m: Machine, cls: ClassDef, declared: number, extraSize = 0): ZObject {
  const size = cls.instanceSize ?? objectSize(declared) + extraSize;
  chargeMemory(m, size);
  const o: ZObject = {
    id: m.nextId++, rc: 1, rootSlot: 0, color: 'black', size, dead: false, gcFreeing: false, gcTag: 0,
    kind: 'object', handle: 0, cls, props: new Map(), declared, dtorCalled: false, closure: undefined, internal: undefined, dynSize: 0,
  };
  o.handle = allocHandle(m, o);
  return o;
}

/** Size of a copied array (zend_array_dup keeps the source capacity). */
export function dupArrayShell(m: Machine, src: ZArray): ZArray {
  const a = newArray(m);
  a.packed = src.packed;
  a.cap = src.cap;
  a.nextIndex = src.nextIndex;
  const data = arrayDataSize(src.cap, src.packed);
  chargeMemory(m, data);
  a.size += data;
  a.used = src.packed ? src.used : src.ht.size;
  return a;
}

export function bytesOf(n: number): number {
  return bin(n);
}

export type { Key, Slot };
