// "Worker health": a code lens on every long-running loop and framework entry point, and a hover on its header,
// summarising what decides whether the worker survives a million messages: a memory guard, blocking calls, state
// kept across iterations, and the growth per iteration the simulator measured.
import { forgetUnitIndexes } from '../core/modelIndex';
import type { FeatureSet, FeatureContext, CodeLens, Hover } from './types';
import type { Settings } from '../config';
import type { Node } from '../core/parse';
import type { Unit } from '../rules/types';
import { splitUnits, isDeclaration } from '../core/units';
import { workerContexts, type WorkerContext } from '../core/workerContext';
import {
  memoryGuard, clockAndMemoryPlaces, blockingCalls, blockingMatters, databasePlaces, keptAcrossIterations,
  frameworkAdvice, type Guard,
} from '../core/workerCode';
import { loopGrowth, formatGrowth, simulatorRunner, type GrowthResult } from '../core/workerGrowth';
import { Commands } from '../protocol';

export interface WorkerHealth {
  context: WorkerContext;
  /** true / false for the code's own loops; null when the framework's loop owns the process (see `advice`). */
  guarded: boolean | null;
  guard: Guard | null;
  /** Blocking calls that stall other tasks (event-loop and coroutine code only). */
  blocking: Array<{ what: string; offset: number }>;
  blockingMatters: boolean;
  kept: string[];
  growth: GrowthResult | null;
  advice: string;
}

export function workerHealth(text: string, settings: Settings, statements: Node[]): WorkerHealth[] {
  // The unit indexes the contexts are found through hold for one analysis: the AST may have been edited since.
  forgetUnitIndexes();
  const out: WorkerHealth[] = [];
  const declarations = statements.filter(isDeclaration);
  for (const unit of splitUnits(statements)) out.push(...unitHealth(unit, text, settings, declarations));
  return out;
}

function unitHealth(unit: Unit, text: string, settings: Settings, declarations: Node[]): WorkerHealth[] {
  const contexts = workerContexts(unit, text, settings);
  if (!contexts.length) return [];
  const places = clockAndMemoryPlaces(unit.nodes, text);
  const db = databasePlaces(unit.nodes, text);
  return contexts.map((c) => {
    const guard = c.kind === 'loop' ? memoryGuard(c.node, text, places) : null;
    const matters = blockingMatters(c, text);
    return {
      context: c,
      guarded: c.kind === 'loop' ? !!guard : null,
      guard,
      blocking: blockingCalls(c.body, text, db).map((b) => ({ what: b.what, offset: b.call.loc!.start.offset })),
      blockingMatters: matters,
      kept: keptAcrossIterations(c, text),
      growth: c.kind === 'loop' ? loopGrowth(c, text, declarations, unit.nodes, simulatorRunner, true) : null,
      advice: frameworkAdvice(c.framework),
    };
  });
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function lensTitle(h: WorkerHealth): string {
  const parts: string[] = [];
  if (h.guarded === false) parts.push('no memory guard');
  else if (h.guarded) parts.push(`${h.guard!.kind} guard`);
  if (h.blockingMatters) parts.push(h.blocking.length ? `${h.blocking.length} blocking call${h.blocking.length > 1 ? 's' : ''}` : 'no blocking calls');
  if (h.kept.length) parts.push(`keeps ${h.kept.length} value${h.kept.length > 1 ? 's' : ''} across ${h.context.unitOfWork}s`);
  if (h.growth?.status === 'measured') parts.push(h.growth.bytesPerIteration > 0 ? `+${h.growth.bytesPerIteration} B/${h.context.unitOfWork} (simulated)` : 'no growth (simulated)');
  return `Worker health (${h.context.label}): ${parts.join(' · ') || 'nothing to report'}`;
}

export function healthMarkdown(h: WorkerHealth, text: string): string {
  const c = h.context;
  const guard = h.guarded === null ? `set outside this code: ${h.advice}` :
    h.guarded ? `yes: exits on a ${h.guard!.kind} check (line ${lineOf(text, h.guard!.at.start)})` :
      `**no**: nothing exits on memory, a ${c.unitOfWork} count or a time limit. ${h.advice}`;
  const blocking = !h.blockingMatters
    ? (h.blocking.length ? `${h.blocking.length} (harmless here: one ${c.unitOfWork} at a time)` : 'none')
    : h.blocking.length ? h.blocking.map((b) => `\`${b.what}\` (line ${lineOf(text, b.offset)})`).join(', ') + ': each stalls every concurrent task' : 'none';
  const kept = h.kept.length ? h.kept.map((k) => `\`${k}\``).join(', ') : 'none found';
  const growth = h.growth ? formatGrowth(h.growth, c.unitOfWork) : 'not simulated: the framework calls this code; simulation covers loops';
  return [
    `**Worker health**: ${c.label} (runs once per ${c.unitOfWork})`,
    '',
    '| | |',
    '|---|---|',
    `| Memory guard | ${guard} |`,
    `| Blocking calls | ${blocking} |`,
    `| State kept across ${c.unitOfWork}s | ${kept} |`,
    `| Simulated growth | ${growth} |`,
  ].join('\n');
}

function statementsOf(ctx: Omit<FeatureContext, 'offset'>): Node[] | null {
  return ctx.language === 'php' ? ctx.statements() : null;
}

const workerHover = (ctx: FeatureContext): Hover | null => {
  const statements = statementsOf(ctx);
  if (!statements) return null;
  // Only the unit under the cursor is analysed: a hover must not cost a whole-file analysis.
  const unit = splitUnits(statements).find((u) => u.nodes.some((n) => (n.loc?.start.offset ?? 0) <= ctx.offset && ctx.offset <= (n.loc?.end.offset ?? 0)));
  if (!unit) return null;
  const health = unitHealth(unit, ctx.text, ctx.settings, statements.filter(isDeclaration)).filter((h) => h.context.head.start <= ctx.offset && ctx.offset <= h.context.head.end);
  const h = health[health.length - 1];
  return h ? { ...h.context.head, markdown: healthMarkdown(h, ctx.text) } : null;
};

const workerLenses = (ctx: Omit<FeatureContext, 'offset'>): CodeLens[] => {
  const statements = statementsOf(ctx);
  if (!statements) return [];
  // A lens that has nothing to say (a Messenger handler that keeps no state) would only be noise over every handler.
  return workerHealth(ctx.text, ctx.settings, statements).filter((h) => !lensTitle(h).endsWith('nothing to report')).map((h) => ({
    ...h.context.head,
    title: lensTitle(h),
    // Opens the Simulate GC panel on the loop body, where the per-iteration memory curve is shown.
    command: Commands.simulate,
    arguments: [{
      fileName: ctx.fileName,
      target: { kind: 'selection', start: h.context.body.loc!.start.offset, end: h.context.body.loc!.end.offset },
      purpose: 'workerGrowth',
      // memory_get_usage() every tenth of the simulated run, relative to the first sample, for the panel's curve.
      growth: h.growth?.status === 'measured' ? { curve: h.growth.curve, iterations: h.growth.iterations, bytesPerIteration: h.growth.bytesPerIteration } : null,
    }],
  }));
};

export const workerFeatures: FeatureSet = { hovers: [workerHover], codeLenses: [workerLenses] };
