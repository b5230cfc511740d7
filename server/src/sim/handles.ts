// Object handles (#H in var_dump): start at 1; a freed handle is reused before a new one, last freed first.
import type { Machine } from './machine.js';
import type { ZObject } from './zval.js';
import { chargeMemory } from './alloc.js';

/** EG(objects_store) starts with 1024 slots (part of the startup baseline); each slot is a pointer. */
export const OBJECT_STORE_INITIAL_SLOTS = 1024;
const SLOT_BYTES = 8;

export function allocHandle(m: Machine, o: ZObject): number {
  const h = m.freeHandles.length ? m.freeHandles.pop()! : m.objects.length;
  if (h >= m.objectStoreSize) {
    // zend_objects_store_put doubles the store with erealloc when a new handle reaches its end: measured on PHP 8.2,
    // +8,192 bytes at the 1,024th object, +16,384 at the 2,048th, and so on.
    chargeMemory(m, (m.objectStoreSize * 2 - m.objectStoreSize) * SLOT_BYTES);
    m.objectStoreSize *= 2;
  }
  m.objects[h] = o;
  return h;
}

export function releaseHandle(m: Machine, handle: number): void {
  m.objects[handle] = null;
  m.freeHandles.push(handle);
}
