// Splits a program into analysis units: each top-level declaration stands alone; the remaining top-level
// statements form the script. Statements inside `namespace X;` / `namespace X { }` count as top-level.
import type { Node } from './parse';
import { DECLARATIONS } from './walk';
import type { Unit } from '../rules/types';

/** Top-level statements in source order, namespaces flattened. */
export function topLevelStatements(program: Node): Node[] {
  const out: Node[] = [];
  const visit = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.kind === 'namespace') visit(node.children ?? []);
      else out.push(node);
    }
  };
  visit(program.children ?? []);
  return out;
}

export function isDeclaration(node: Node): boolean {
  return DECLARATIONS.has(node.kind);
}

export function splitUnits(statements: Node[]): Unit[] {
  const units: Unit[] = [];
  const script: Node[] = [];
  for (const node of statements) {
    if (isDeclaration(node)) units.push({ kind: 'declaration', nodes: [node] });
    else script.push(node);
  }
  if (script.length) units.push({ kind: 'script', nodes: script });
  return units;
}
