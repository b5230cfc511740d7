import type { Rule, Fix } from '../types';
import type { Node } from '../../core/parse';
import { children, walkScope, varName, span } from '../../core/walk';
import { usesVariable } from '../../core/nodes';
import { invokedName } from '../../core/loops';
import { nodesInScope, nodesOfKind } from '../../core/modelIndex';

/** Registration calls that keep the callback: event emitters, listeners, subscriptions, promise chains. */
const KEEPS_CALLBACK = new Set(['on', 'once', 'addlistener', 'addeventlistener', 'listen', 'subscribe', 'attach',
  'addsubscriber', 'prependlistener', 'setcallback', 'setdrmsgcb', 'setdelivrcb', 'seterrorcb', 'setrebalancecb',
  'setoffsetcommitcb', 'setstatscb', 'setlogcb']);

// A non-static closure (or arrow function) created in a method holds `$this` (FACTS.md 2). Stored on `$this` - in a
// property, an array in a property, or an emitter held in a property - it makes object -> closure -> object: a cycle
// that only the cycle collector frees, delaying `__destruct` too.
export const closureThisCycle: Rule = {
  meta: {
    id: 'memory.closureThisCycle',
    area: 'memory',
    severity: 'warning',
    description: 'A non-static closure stored on $this captures $this: object and closure form a cycle.',
    fixable: true,
  },
  check(ctx) {
    if (!nodesOfKind(ctx.unit.nodes, 'closure').length && !nodesOfKind(ctx.unit.nodes, 'arrowfunc').length) return;
    // Classes of the unit (the declaration itself, or those right inside it), not anonymous ones in functions.
    const classes = ctx.unit.nodes.flatMap((r) => (r.kind === 'class' ? [r] : children(r).filter((c) => c.kind === 'class')));
    for (const cls of classes) {
      for (const method of cls.body ?? []) {
        if (method.kind !== 'method' || method.isStatic || !method.body) continue;
        for (const { node: e } of nodesInScope(ctx.unit.nodes, method, 'assign').concat(nodesInScope(ctx.unit.nodes, method, 'call'))) {
          for (const { closure, where } of storedOnThis(e, cls)) report(closure, where);
        }
      }
    }

    function report(closure: Node, where: string) {
      const usesThis = usesVariable(closure.body, 'this');
      const fixes: Fix[] = [];
      if (!usesThis) {
        const start = closure.loc!.start.offset;
        fixes.push({ title: 'Make closure static', edits: [{ start, end: start, newText: 'static ' }], preferred: true });
      }
      const head = headRange(ctx.text, closure);
      ctx.report({
        ...head,
        message: `This ${closure.kind === 'arrowfunc' ? 'arrow function' : 'closure'} is created in a method, so it holds ` +
          `$this, and it is stored ${where}: the object holds the closure and the closure holds the object. ` +
          'Neither refcount reaches 0 when the last outside reference goes; they wait for the cycle collector ' +
          '(after 10,000 possible roots) and any __destruct runs late. ' +
          (usesThis ? 'The body uses $this: capture a WeakReference::create($this) instead, or unregister the callback when done.'
            : 'The body does not use $this: make it `static`.'),
        fixes,
      });
    }
  },
};

function isFn(n: Node | null | undefined): boolean {
  return !!n && (n.kind === 'closure' || n.kind === 'arrowfunc') && !n.isStatic;
}

/** `$this->p = fn`, `$this->p[] = fn`, `$this->p['k'] = fn`, `$this->p->on('x', fn)`, `$this->p[] = [fn, ...]`. */
function storedOnThis(e: Node, cls: Node): Array<{ closure: Node; where: string }> {
  const out: Array<{ closure: Node; where: string }> = [];
  if (e.kind === 'assign' && e.operator === '=') {
    let target = e.left;
    let inArray = false;
    while (target?.kind === 'offsetlookup') { target = target.what; inArray = true; }
    if (target?.kind === 'propertylookup' && varName(target.what) === 'this') {
      const prop = target.offset?.kind === 'identifier' ? target.offset.name : '...';
      const values = isFn(e.right) ? [e.right] : e.right?.kind === 'array' ? (e.right.items ?? []).map((i: Node) => (i?.kind === 'entry' ? i.value : i)).filter(isFn) : [];
      for (const c of values) out.push({ closure: c, where: `in ${inArray || e.right.kind === 'array' ? 'an array in ' : ''}$this->${prop}` });
    }
  }
  if (e.kind === 'call' && (e.what?.kind === 'propertylookup' || e.what?.kind === 'nullsafepropertylookup')) {
    const name = invokedName(e);
    const recv = e.what.what;
    const via = `${exprLabel(recv)}->${e.what.offset?.name}()`;
    if (name && varName(recv) === 'this') {
      // A method of this class: reported when it stores that parameter on $this (`then()` that runs the callback
      // at once is not a cycle). Inherited methods are not followed.
      (e.arguments ?? []).forEach((arg: Node, i: number) => {
        if (isFn(arg) && methodStoresParam(cls, name, i)) out.push({ closure: arg, where: `by ${via}, which keeps it in a property` });
      });
    } else if (name && KEEPS_CALLBACK.has(name) && recv && heldByThis(recv)) {
      for (const arg of e.arguments ?? []) if (isFn(arg)) out.push({ closure: arg, where: `by ${via}, an object held in a property of $this` });
    }
  }
  return out;
}

/** Whether `cls::method` writes its i-th parameter into a property of $this (directly or appended). */
function methodStoresParam(cls: Node, method: string, index: number): boolean {
  const m = (cls.body ?? []).find((x: Node) => x.kind === 'method' && String(x.name?.name ?? x.name).toLowerCase() === method);
  const param = m?.arguments?.[index];
  if (!m?.body || !param) return false;
  const name = String(param.name?.name ?? param.name);
  let stores = false;
  walkScope(m.body, (n) => {
    if (stores) return false;
    if (n.kind === 'assign' && n.operator === '=' && varName(n.right) === name) {
      let t = n.left;
      while (t?.kind === 'offsetlookup') t = t.what;
      if (t?.kind === 'propertylookup' && varName(t.what) === 'this') stores = true;
    }
    return !stores;
  });
  return stores;
}

function heldByThis(n: Node): boolean {
  return (n.kind === 'propertylookup' || n.kind === 'nullsafepropertylookup') && (varName(n.what) === 'this' || heldByThis(n.what));
}

function exprLabel(n: Node): string {
  if (varName(n)) return `$${varName(n)}`;
  if (n.kind === 'propertylookup' || n.kind === 'nullsafepropertylookup') return `${exprLabel(n.what)}->${n.offset?.name ?? '...'}`;
  return '...';
}

/** The `function (...) use (...)` / `fn (...) =>` head: the whole closure would underline its whole body. */
function headRange(text: string, closure: Node): { start: number; end: number } {
  const start = closure.loc!.start.offset;
  const body = closure.body?.loc?.start.offset ?? span(closure, text).end;
  let end = closure.kind === 'arrowfunc' ? text.indexOf('=>', start) + 2 : body;
  if (end <= start || end > body + 2) end = body;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
