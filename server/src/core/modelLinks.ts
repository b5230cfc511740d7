// Class-level parent/child links: inside one method, an object is added to a collection on `$this` and handed
// `$this` back (`$this->children[] = $child; $child->parent = $this;`), or the reverse on the child side
// (`$this->parent = $parent; $parent->children[] = $this;`). Both directions hold strong references: a cycle.
import type { Node } from './parse';
import { walkScope, varName, propName } from './walk';
import { invokedName } from './loops';
import { nodesInScope, variableKey } from './modelIndex';

export interface BackLink {
  method: Node;
  /** The statement that points back (`$child->parent = $this`, `$child->setParent($this)`, `$parent->children[] = $this`). */
  back: Node;
  /** The statement that holds the other direction (`$this->children[] = $child`, `$this->parent = $parent`). */
  forward: Node;
  /** The variable holding the other object. */
  other: string;
  /** The property on the other object that points back, when it is a plain property write. */
  backProp: string | null;
  /** Which side this class is on. */
  side: 'parent' | 'child';
}

function propertyWrite(n: Node): { base: Node; prop: string | null; element: boolean } | null {
  if (n.kind !== 'assign' || n.operator !== '=') return null;
  let left = n.left;
  let element = false;
  while (left?.kind === 'offsetlookup') { left = left.what; element = true; }
  if (left?.kind !== 'propertylookup') return null;
  return { base: left.what, prop: propName(left), element };
}

/** Whether a `$this` variable node is handed to another object: assigned (`$child->parent = $this`) or passed to
 * a call (`$parent->add($this)`). Every link back needs one, in the method's own scope. */
export function handsOutThis(node: Node, parent: Node | null): boolean {
  return (parent?.kind === 'assign' && parent.right === node) || (parent?.kind === 'call' && parent.what !== node);
}

/** From the unit index: whether `method`'s own scope hands out `$this` (the `mayLinkBack` of the rules). */
export function methodHandsOutThis(roots: readonly Node[], method: Node): boolean {
  return nodesInScope(roots, method, variableKey('this')).some((e) => handsOutThis(e.node, e.parent));
}

/** `mayLinkBack`, when given, says which methods can hold a link at all (from the unit index: a method whose own
 * scope hands out no `$this` holds none), so that only those are walked. */
export function backLinks(cls: Node, mayLinkBack?: (method: Node) => boolean): BackLink[] {
  const out: BackLink[] = [];
  for (const method of cls.body ?? []) {
    if (method.kind !== 'method' || method.isStatic || !method.body) continue;
    if (mayLinkBack && !mayLinkBack(method)) continue;
    const heldInCollection = new Map<string, Node>(); // $this->children[] = $x
    const heldInProperty = new Map<string, Node>(); // $this->parent = $x
    const pointsBack: Array<{ node: Node; other: string; prop: string | null; element: boolean }> = [];
    walkScope(method.body, (n) => {
      const w = propertyWrite(n);
      if (w) {
        const value = varName(n.right);
        if (varName(w.base) === 'this' && value && value !== 'this') {
          (w.element ? heldInCollection : heldInProperty).set(value, n);
        }
        const base = varName(w.base);
        if (base && base !== 'this' && varName(n.right) === 'this') pointsBack.push({ node: n, other: base, prop: w.prop, element: w.element });
      }
      if (n.kind === 'call' && (n.what?.kind === 'propertylookup' || n.what?.kind === 'nullsafepropertylookup')) {
        const base = varName(n.what.what);
        const name = invokedName(n) ?? '';
        if (base && base !== 'this' && /^(set|add|attach|append|push|register)/.test(name) &&
          (n.arguments ?? []).some((a: Node) => varName(a) === 'this')) {
          pointsBack.push({ node: n, other: base, prop: null, element: /^(add|attach|append|push|register)/.test(name) });
        }
      }
      return undefined;
    });
    for (const p of pointsBack) {
      // Parent side: this holds the child in a collection, the child gets $this as a single reference.
      const inCollection = heldInCollection.get(p.other);
      if (inCollection && !p.element) {
        out.push({ method, back: p.node, forward: inCollection, other: p.other, backProp: p.prop, side: 'parent' });
        continue;
      }
      // Child side: this holds the parent in a property, the parent gets $this in a collection.
      const inProperty = heldInProperty.get(p.other);
      if (inProperty && p.element) out.push({ method, back: p.node, forward: inProperty, other: p.other, backProp: null, side: 'child' });
    }
  }
  return out;
}
