// "Simulate GC" above every function and method with a body: one click runs the simulator on it (with placeholder
// arguments, see lsp/simulate.ts) and opens the step-by-step panel.
import type { Node } from '../core/parse';
import { Commands, type SimulateLensArgs } from '../protocol';
import type { CodeLens, CodeLensProvider, FeatureSet } from './types';

function nameOf(n: Node | null | undefined): string {
  return n ? String(typeof n === 'string' ? n : n.name ?? '') : '';
}

/** Where the lens sits: the declaration's first token, so the lens line is the `function` line. */
function lens(node: Node, fileName: string, name: string): CodeLens {
  const start = node.loc?.start.offset ?? 0;
  const args: SimulateLensArgs = { fileName, name };
  return { start, end: start, title: 'Simulate GC', command: Commands.simulate, arguments: [args] };
}

export const simulateLenses: CodeLensProvider = (ctx) => {
  if (ctx.language !== 'php') return [];
  const out: CodeLens[] = [];
  const visit = (stmts: Node[]) => {
    for (const s of stmts) {
      if (s.kind === 'namespace') visit(s.children ?? []);
      else if (s.kind === 'function' && s.body) out.push(lens(s, ctx.fileName, nameOf(s.name)));
      else if (s.kind === 'class' || s.kind === 'trait' || s.kind === 'enum') {
        // Abstract methods and interface methods have nothing to run.
        for (const m of s.body ?? []) {
          if (m.kind === 'method' && m.body && !m.isAbstract) out.push(lens(m, ctx.fileName, `${nameOf(s.name)}::${nameOf(m.name)}`));
        }
      }
    }
  };
  visit(ctx.statements());
  return out;
};

export const simFeatures: FeatureSet = { codeLenses: [simulateLenses] };
