import type { Rule, Edit, Fix } from '../types';
import type { Node } from '../../core/parse';
import { walk, span, propName, varName } from '../../core/walk';
import { backLinks, methodHandsOutThis, handsOutThis, type BackLink } from '../../core/modelLinks';
import { classInfo, shortName } from '../../core/model';
import { nodesOfKind, variableKey } from '../../core/modelIndex';

// A parent that holds its children and children that hold their parent make a cycle per child: dropping the last
// outside reference to the tree frees nothing until the cycle collector runs. A WeakReference to the parent keeps
// navigation working without holding the parent (it adds no refcount, FACTS.md 3).
export const backReference: Rule = {
  meta: {
    id: 'memory.backReference',
    area: 'memory',
    severity: 'info',
    description: 'Parent and child hold each other strongly: every tree built this way is a reference cycle.',
    fixable: true,
  },
  check(ctx) {
    // Both directions need `$this` handed to another object: an assignment of $this or $this as an argument.
    if (!nodesOfKind(ctx.unit.nodes, variableKey('this')).some((e) => handsOutThis(e.node, e.parent))) return;
    for (const { node: n } of nodesOfKind(ctx.unit.nodes, 'class')) {
      for (const link of backLinks(n, (method) => methodHandsOutThis(ctx.unit.nodes, method))) {
        const range = span(link.back, ctx.text);
        const code = ctx.text.slice(range.start, range.end);
        const fix = link.side === 'parent' ? weakParentFix(ctx.text, n, link) : null;
        ctx.report({
          ...range,
          message: `\`${code}\` points back at ${link.side === 'parent' ? 'the parent' : 'this child'} while ` +
            `\`${ctx.text.slice(span(link.forward, ctx.text).start, span(link.forward, ctx.text).end)}\` holds ` +
            `$${link.other}: parent and child hold each other, so a tree built this way is never freed by refcounting. ` +
            'It waits for the cycle collector (after 10,000 possible roots), and destructors run late. Hold the parent through a WeakReference.',
          related: [{ ...span(link.forward, ctx.text), message: 'the other direction of the link' }],
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};

/** For trees of one class (`Node::addChild(Node $child)`): store `\WeakReference::create($this)` in the child's
 * parent property, and read it through `?->get()` everywhere in the class. Offered only when every use of the
 * property in the class can be rewritten safely. */
function weakParentFix(text: string, cls: Node, link: BackLink): Fix | null {
  const prop = link.backProp;
  if (!prop) return null;
  const param = (link.method.arguments ?? []).find((a: Node) => String(a.name?.name ?? a.name) === link.other);
  const typeName = param?.type?.name ? shortName(param.type.name) : null;
  const className = shortName(cls.name?.name ?? cls.name);
  if (!typeName || (typeName !== className && typeName !== 'self' && typeName !== 'static')) return null;
  const info = classInfo(cls);
  const declared = info.props.get(prop);
  if (!declared || declared.isStatic) return null;
  const edits: Edit[] = [];
  let safe = true;
  // The declared type becomes ?\WeakReference.
  const decl = declared.node;
  if (decl.type) {
    if (!declared.nullable) return null;
    const t = decl.type.loc!;
    let start = t.start.offset;
    if (text[start - 1] === '?') start--;
    edits.push({ start, end: t.end.offset, newText: '?\\WeakReference' });
  }
  walk(cls, (n, parent) => {
    if (!safe) return false;
    if ((n.kind === 'propertylookup' || n.kind === 'nullsafepropertylookup') && propName(n) === prop) {
      const isWrite = parent?.kind === 'assign' && parent.left === n;
      if (isWrite) {
        const right = parent!.right;
        if (right?.kind === 'nullkeyword' || (right?.kind === 'constref' && /^null$/i.test(String(right.name?.name ?? right.name)))) return undefined;
        if (varName(right) === null) { safe = false; return false; }
        const r = right.loc!;
        edits.push({ start: r.start.offset, end: r.end.offset, newText: `\\WeakReference::create(${text.slice(r.start.offset, r.end.offset)})` });
        return undefined;
      }
      if (parent?.kind === 'unset' || parent?.kind === 'isset' || parent?.kind === 'offsetlookup' && parent.what === n) { safe = false; return false; }
      // A read in a write context (`$this->parent->x = 1`) cannot take `?->`.
      if ((parent?.kind === 'propertylookup' && parent.what === n) && isWriteTarget(cls, parent)) { safe = false; return false; }
      const end = n.loc!.end.offset;
      edits.push({ start: end, end, newText: '?->get()' });
    }
    return undefined;
  });
  if (!safe || edits.length < 2) return null;
  return { title: 'Hold the parent through WeakReference', edits, preferred: true };
}

function isWriteTarget(root: Node, lookup: Node): boolean {
  let found = false;
  walk(root, (n) => {
    if (found) return false;
    if (n.kind === 'assign' || n.kind === 'assignref') {
      let l = n.left;
      while (l && (l.kind === 'offsetlookup' || l.kind === 'propertylookup')) {
        if (l === lookup) { found = true; break; }
        l = l.what;
      }
    }
    return !found;
  });
  return found;
}
