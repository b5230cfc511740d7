// Reference counting exactly where Zend does it. `release(..., gc)` mirrors zval_ptr_dtor (gc=true: a value whose
// count drops but stays above 0 becomes a possible root) versus zval_ptr_dtor_nogc (gc=false: temporaries freed
// by the VM, arguments of internal functions).
import type { Machine } from './machine.js';
import { isRefcounted, type HeapNode, type Slot, type ZArray, type ZObject } from './zval.js';
import { possibleRoot, removeFromBuffer } from './rootBuffer.js';
import { freeMemory } from './alloc.js';
import { releaseHandle } from './handles.js';
import { notifyWeakRefs } from './weakrefs.js';

export function addref(v: Slot | undefined): void {
  if (isRefcounted(v)) v.rc++;
}

export function release(m: Machine, v: Slot | undefined, gc = true): void {
  if (!isRefcounted(v)) return;
  if (--v.rc === 0) destroy(m, v);
  else if (gc) checkPossibleRoot(m, v);
}

/** Arrays (mutable) and objects are collectable; strings and immutable arrays never become roots. */
export function isCollectable(v: unknown): v is ZArray | ZObject {
  return isRefcounted(v) && (v.kind === 'object' || v.kind === 'array');
}

export function checkPossibleRoot(m: Machine, v: HeapNode): void {
  let n: unknown = v;
  // A reference wrapper roots the array/object it holds.
  if (v.kind === 'ref') n = v.val;
  if (isCollectable(n) && n.rootSlot === 0 && !n.dead) possibleRoot(m, n);
}

/** rc_dtor_func: the count reached 0. */
export function destroy(m: Machine, v: HeapNode): void {
  if (v.dead || v.gcFreeing) return;
  switch (v.kind) {
    case 'string':
      v.dead = true;
      freeMemory(m, v);
      return;
    case 'ref':
      v.dead = true;
      freeMemory(m, v);
      release(m, v.val, true);
      return;
    case 'array':
      destroyArray(m, v);
      return;
    case 'object':
      objectsStoreDel(m, v);
      return;
  }
}

function destroyArray(m: Machine, a: ZArray): void {
  removeFromBuffer(m, a);
  a.dead = true;
  for (const slot of a.ht.values()) release(m, slot, true);
  freeMemory(m, a);
}

/** A user __destruct or an internal dtor_obj handler: what Zend checks before calling dtor_obj. */
export function hasDestructor(o: ZObject): boolean {
  return !!(o.cls.destructor || o.cls.dtorObj);
}

/** dtor_obj: the class's __destruct, or its internal handler. The caller holds a reference for the call. */
export function runDestructor(m: Machine, o: ZObject): void {
  if (o.cls.dtorObj) o.cls.dtorObj(m, o);
  else m.callDestructor(m, o);
}

/** zend_objects_store_del: destructor first (once), then the storage unless the destructor resurrected it. */
export function objectsStoreDel(m: Machine, o: ZObject): void {
  if (!o.dtorCalled) {
    o.dtorCalled = true;
    if (hasDestructor(o)) {
      o.rc = 1;
      runDestructor(m, o);
      o.rc--;
    }
  }
  if (o.rc === 0) freeObject(m, o);
}

/** free_obj + handle release: properties go in declaration order before the handle returns to the free list. */
export function freeObject(m: Machine, o: ZObject): void {
  if (o.dead) return;
  o.dead = true;
  m.objects[o.handle] = null;
  notifyWeakRefs(m, o);
  // A properties table shared with an array (an `(object)` cast) is released as that array.
  if (o.internal?.sharedTable) release(m, o.internal.sharedTable, true);
  else for (const slot of o.props.values()) release(m, slot, true);
  if (o.closure) {
    for (const slot of o.closure.captured.values()) release(m, slot, true);
    if (o.closure.thisObj) release(m, o.closure.thisObj, true);
  }
  if (o.internal?.free) o.internal.free(m);
  removeFromBuffer(m, o);
  freeMemory(m, o);
  releaseHandle(m, o.handle);
}
