// Object handles (#H in var_dump): start at 1; a freed handle is reused before a new one, last freed first.
import type { Machine } from './machine.js';
import type { ZObject } from './zval.js';

export function allocHandle(m: Machine, o: ZObject): number {
  const h = m.freeHandles.length ? m.freeHandles.pop()! : m.objects.length;
  m.objects[h] = o;
  return h;
}

export function releaseHandle(m: Machine, handle: number): void {
  m.objects[handle] = null;
  m.freeHandles.push(handle);
}
