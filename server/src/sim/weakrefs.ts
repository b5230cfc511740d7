// Weak references: WeakReference and WeakMap keys add no refcount. When the target dies, WeakReference::get()
// returns null and WeakMap entries for it are removed (their value released at once).
import type { Machine } from './machine.js';
import type { ZObject } from './zval.js';

export interface WeakListener {
  onTargetFreed(m: Machine, target: ZObject): void;
}

const listeners = new WeakMap<Machine, Map<ZObject, Set<WeakListener>>>();

export function addWeakListener(m: Machine, target: ZObject, l: WeakListener): void {
  let map = listeners.get(m);
  if (!map) listeners.set(m, (map = new Map()));
  let set = map.get(target);
  if (!set) map.set(target, (set = new Set()));
  set.add(l);
}

export function removeWeakListener(m: Machine, target: ZObject, l: WeakListener): void {
  listeners.get(m)?.get(target)?.delete(l);
}

export function notifyWeakRefs(m: Machine, target: ZObject): void {
  const map = listeners.get(m);
  const set = map?.get(target);
  if (!set) return;
  map!.delete(target);
  for (const l of set) l.onTargetFreed(m, target);
}
