// Class-level facts and function enumeration for the analysis model. Class facts answer what the per-function flow
// cannot see: which properties a class declares (object size, nullable types for fixes), whether its constructor
// hands `$this` to someone else (then a `new` of it is never garbage on its own), whether it has `__destruct`, and
// which properties receive `$this`, closures or children.
import { parsePhp, type Node } from './parse';
import { walk, walkScope, varName, propName, FUNCTION_LIKE } from './walk';
import { topLevelStatements } from './units';
import { holdsVariable } from './nodes';
import { indexUnit, nodesOfKinds, type UnitIndex } from './modelIndex';

const FUNCTION_KINDS = [...FUNCTION_LIKE];

export interface PropInfo {
  name: string;
  node: Node;
  isStatic: boolean;
  /** Declared type text, null when untyped. */
  type: string | null;
  nullable: boolean;
}

export interface ClassInfo {
  name: string;
  node: Node;
  props: Map<string, PropInfo>;
  methods: Map<string, Node>;
  destructor: Node | null;
  /** The constructor (or a promoted-property constructor) stores or passes `$this`: the object may be held elsewhere. */
  constructorLeaksThis: boolean;
  /** `__set`, `__get`, `__unset` or ArrayAccess: property writes run user code. */
  magic: boolean;
  /** Properties assigned `$this` (directly, in an array, or captured by a closure) in any method: child->parent. */
  thisProps: Map<string, Node[]>;
  /** Properties appended to or keyed with another object: the class's children. */
  childProps: Map<string, Node[]>;
  /** Properties assigned a non-static closure that captures `$this`. */
  closureProps: Map<string, Node[]>;
}

/** Lower-cased short class name: `\App\Node` -> "node". */
export function shortName(name: unknown): string {
  return String(name ?? '').replace(/^.*\\/, '').toLowerCase();
}

function typeText(type: Node | null | undefined): string | null {
  if (!type) return null;
  if (type.kind === 'uniontype' || type.kind === 'intersectiontype') return (type.types ?? []).map(typeText).join(type.kind === 'uniontype' ? '|' : '&');
  return String(type.name ?? type.raw ?? '');
}

export function classInfo(cls: Node): ClassInfo {
  const info: ClassInfo = {
    name: String(cls.name?.name ?? cls.name ?? 'class@anonymous'), node: cls, props: new Map(), methods: new Map(),
    destructor: null, constructorLeaksThis: false, magic: false, thisProps: new Map(), childProps: new Map(),
    closureProps: new Map(),
  };
  info.magic = (cls.implements ?? []).some((i: Node) => /ArrayAccess$/i.test(String(i.name)));
  for (const member of cls.body ?? []) {
    if (member.kind === 'propertystatement') {
      for (const p of member.properties ?? []) {
        const name = String(p.name?.name ?? p.name);
        const type = typeText(p.type);
        info.props.set(name, { name, node: p, isStatic: !!member.isStatic, type, nullable: !type || !!p.nullable || /null|mixed/i.test(type) });
      }
    } else if (member.kind === 'method') {
      const name = String(member.name?.name ?? member.name).toLowerCase();
      info.methods.set(name, member);
      if (name === '__destruct') info.destructor = member;
      if (name === '__set' || name === '__get' || name === '__unset') info.magic = true;
      if (name === '__construct') {
        for (const arg of member.arguments ?? []) {
          // Promoted constructor parameters are declared properties.
          if (arg.flags) {
            const pname = String(arg.name?.name ?? arg.name);
            const type = typeText(arg.type);
            info.props.set(pname, { name: pname, node: arg, isStatic: false, type, nullable: !type || !!arg.nullable || /null|mixed/i.test(type) });
          }
        }
        info.constructorLeaksThis = leaksThis(member.body);
      }
    }
  }
  collectPropertyFacts(cls, info);
  return info;
}

/** `$this` used other than as the object of a property read/write or a method call on itself. */
function leaksThis(body: Node | null | undefined): boolean {
  if (!body) return false;
  let leaks = false;
  walk(body, (n, parent) => {
    if (leaks) return false;
    if ((n.kind === 'closure' && !n.isStatic) || (n.kind === 'arrowfunc' && !n.isStatic)) {
      // A closure holding $this that is handed out keeps the object alive from elsewhere.
      leaks = true;
      return false;
    }
    if (varName(n) !== 'this') return;
    const ok = parent && ((parent.kind === 'propertylookup' || parent.kind === 'nullsafepropertylookup') && parent.what === n);
    if (!ok) leaks = true;
    return false;
  });
  // A method called on $this from the constructor is not followed: that is a possible miss, never a false report.
  return leaks;
}

function collectPropertyFacts(cls: Node, info: ClassInfo): void {
  const add = (map: Map<string, Node[]>, name: string, node: Node) => {
    const list = map.get(name) ?? [];
    list.push(node);
    map.set(name, list);
  };
  for (const method of info.methods.values()) {
    if (!method.body || method.isStatic) continue;
    walkScope(method.body, (n) => {
      if (n.kind !== 'assign' || n.operator !== '=') return;
      const left = n.left;
      // $this->prop = ... / $this->prop[] = ...
      let lookup = left;
      let element = false;
      while (lookup?.kind === 'offsetlookup') { lookup = lookup.what; element = true; }
      if (lookup?.kind !== 'propertylookup' || varName(lookup.what) !== 'this') return;
      const name = propName(lookup);
      if (!name) return;
      if (holdsVariable(n.right, 'this')) add(n.right.kind === 'closure' || n.right.kind === 'arrowfunc' ? info.closureProps : info.thisProps, name, n);
      else if (element && n.right && (n.right.kind === 'variable' || n.right.kind === 'new') && varName(n.right) !== 'this') add(info.childProps, name, n);
    });
  }
}

/** Every class-like declaration in a list of top-level statements (namespaced ones included). */
export function classesIn(statements: Node[]): Map<string, ClassInfo> {
  const out = new Map<string, ClassInfo>();
  for (const s of statements) {
    walk(s, (n) => {
      if (n.kind === 'class' || n.kind === 'trait' || n.kind === 'enum') {
        if (n.name) out.set(shortName(n.name?.name ?? n.name), classInfo(n));
      }
      return !FUNCTION_LIKE.has(n.kind) || n === s;
    });
  }
  return out;
}

// Rules run per unit and see only their unit's AST; class facts come from the whole file. Parsing the file again
// is done lazily (only when a rule is about to report) and cached for the last few texts.
const fileCache: Array<{ text: string; classes: Map<string, ClassInfo> }> = [];

export function classesInFile(text: string): Map<string, ClassInfo> {
  const hit = fileCache.find((c) => c.text === text);
  if (hit) return hit.classes;
  const classes = text.length > 4 * 1024 * 1024 ? new Map() : classesIn(topLevelStatements(parsePhp(text).program));
  fileCache.unshift({ text, classes });
  if (fileCache.length > 4) fileCache.pop();
  return classes;
}

export interface Body {
  /** The function-like node (function, method, closure, arrowfunc) or null for the script's top level. */
  fn: Node | null;
  statements: Node[];
  /** The class the method belongs to, if any. */
  cls: Node | null;
}

/** Every function body of a unit, and the script body for script units. */
export function bodiesOf(unitNodes: Node[], script: boolean): Body[] {
  const out: Body[] = [];
  if (script) out.push({ fn: null, statements: unitNodes, cls: null });
  for (const root of unitNodes) out.push(...functionBodies(root));
  return out;
}

// Most memory rules ask for the bodies of the same unit in one analysis: found once per index (a new index, made
// for each analysis, is a new key).
const bodiesByIndex = new WeakMap<UnitIndex, Body[]>();

function functionBodies(root: Node): Body[] {
  const index = indexUnit(root);
  let bodies = bodiesByIndex.get(index);
  if (bodies) return bodies;
  bodies = [];
  for (const { node: n, parent } of nodesOfKinds([root], FUNCTION_KINDS)) {
    if (!n.body) continue;
    const body = n.body;
    // An arrow function's body is one expression: it is the value it returns.
    const statements = body.kind === 'block' ? body.children ?? [] : [{ kind: 'return', expr: body, loc: body.loc }];
    bodies.push({ fn: n, statements, cls: n.kind === 'method' && parent?.kind === 'class' ? parent : null });
  }
  bodiesByIndex.set(index, bodies);
  return bodies;
}
