import type { Rule, Fix, Severity } from '../types';
import type { Node } from '../../core/parse';
import { walk, span, calleeName } from '../../core/walk';
import { parseIni } from '../../core/ini';
import { bodiesOf } from '../../core/model';
import { nodesOfKind } from '../../core/modelIndex';

/** The smallest limit PHP accepts in practice: it refuses a limit below current usage, which is at least one 2 MiB
 * chunk of the Zend memory manager (verified: "Failed to set memory limit to 256 bytes (Current memory usage is
 * 2097152 bytes)"). */
const MIN_BYTES = 2 * 1024 * 1024;

export interface LimitVerdict { severity: Severity; problem: string; normalised: string | null; }

/** How PHP 8.2 reads a memory_limit value; null when it is a valid, bounded quantity. */
export function judgeMemoryLimit(raw: string): LimitVerdict | null {
  const value = raw.trim();
  if (value === '-1') {
    return { severity: 'warning', problem: 'means no limit at all: a leak or an unbounded query grows until the machine swaps or the OOM killer ends the process, instead of a clean "Allowed memory size exhausted" error', normalised: null };
  }
  const m = /^(-?\d+)\s*([kmgKMG]?)$/.exec(value);
  if (m) {
    const n = Number(m[1]);
    const mult = { '': 1, k: 1024, m: 1048576, g: 1073741824 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
    const bytes = n * mult;
    if (n < 0) return { severity: 'warning', problem: 'is negative: PHP treats any negative limit as no limit', normalised: null };
    if (bytes < MIN_BYTES) {
      return {
        severity: 'error',
        problem: `is read as ${bytes.toLocaleString('en-US')} bytes${m[2] ? '' : ' (no K/M/G suffix)'}: PHP refuses it ("Failed to set memory limit to ${bytes} bytes") and keeps the previous limit`,
        normalised: !m[2] && n > 0 && n <= 65536 ? `${n}M` : null,
      };
    }
    return null;
  }
  // PHP 8.2 warns 'Invalid quantity' and keeps the leading digits, with the last character as multiplier when it
  // is one ("1.5G" is read as 1G, "256MB" as 256 bytes).
  const digits = /^\d+/.exec(value)?.[0] ?? '0';
  const last = value.slice(-1).toLowerCase();
  const read = Number(digits) * ({ k: 1024, m: 1048576, g: 1073741824 }[last as 'k' | 'm' | 'g'] ?? 1);
  const readAs = `${digits}${'kmg'.includes(last) && last ? last.toUpperCase() : ''}`;
  const q = /^(\d+)\s*([kmgKMG])[bB]$/.exec(value);
  const frac = /^(\d+\.\d+)\s*([kmgKMG])$/.exec(value);
  let normalised: string | null = q ? `${q[1]}${q[2].toUpperCase()}` : null;
  if (frac) {
    const lower = { k: ['', 1024], m: ['K', 1024], g: ['M', 1024] }[frac[2].toLowerCase() as 'k' | 'm' | 'g'];
    const n = Number(frac[1]) * (lower[1] as number);
    if (Number.isInteger(n)) normalised = `${n}${lower[0]}`;
  }
  const refused = read < MIN_BYTES;
  return {
    severity: refused ? 'error' : 'warning',
    problem: `is not a valid quantity: PHP 8.2 warns 'Invalid quantity "${value}"' and reads it as "${readAs}"` +
      (refused ? ` (${read.toLocaleString('en-US')} bytes), which it refuses: the previous limit stays` : ', not what was written'),
    normalised,
  };
}

// memory_limit is the only guard between a leak and the whole machine. -1 removes it; values PHP misreads as bytes
// or rejects as invalid silently leave the old limit in place; raising it inside a function without restoring it
// leaves the rest of the request (or the worker's life) with the raised limit.
export const memoryLimit: Rule = {
  meta: {
    id: 'memory.memoryLimit',
    area: 'memory',
    severity: 'warning',
    description: 'memory_limit set to -1, to a value PHP reads as bytes, to an invalid quantity, or raised and never restored.',
    fixable: true,
    languages: ['ini', 'fpm'],
  },
  check(ctx) {
    if (!nodesOfKind(ctx.unit.nodes, 'call').some((e) => ['ini_set'].includes(calleeName(e.node) ?? ''))) return;
    for (const body of bodiesOf(ctx.unit.nodes, ctx.unit.kind === 'script')) {
      const sets: Node[] = [];
      let restored = false;
      for (const st of body.statements) {
        walk(st, (n) => {
          if (n !== st && (n.kind === 'function' || n.kind === 'closure' || n.kind === 'arrowfunc' || n.kind === 'method' || n.kind === 'class')) return false;
          if (n.kind !== 'call') return undefined;
          const fn = calleeName(n);
          const first = n.arguments?.[0];
          const isLimit = first?.kind === 'string' && String(first.value).toLowerCase() === 'memory_limit';
          if (fn === 'ini_restore' && isLimit) restored = true;
          if (fn === 'ini_set' && isLimit) sets.push(n);
          return undefined;
        });
      }
      for (const call of sets) {
        const v = call.arguments?.[1];
        const literal = v?.kind === 'string' || v?.kind === 'number' ? String(v.value) :
          v?.kind === 'unary' && v.type === '-' && v.what?.kind === 'number' ? `-${v.what.value}` : null;
        if (literal !== null) {
          const verdict = judgeMemoryLimit(literal);
          if (verdict) {
            const fixes: Fix[] = verdict.normalised ? [{ title: `Use '${verdict.normalised}'`, edits: [{ ...span(v!, ctx.text), newText: `'${verdict.normalised}'` }], preferred: true }] : [];
            ctx.report({ ...span(v!, ctx.text), severity: verdict.severity, message: `memory_limit ${literal} ${verdict.problem}.`, fixes });
            continue;
          }
        }
        // Raised in a function to a literal and not put back: every later call of the request (or worker) runs
        // with it. A computed value (`ini_set('memory_limit', $limit)`) is configuration plumbing whose job is to
        // set the process limit, so it is left alone.
        if (literal !== null && body.fn && sets.length === 1 && !restored && !isSavedForRestore(call, body.statements)) {
          ctx.report({
            ...span(call, ctx.text),
            message: 'memory_limit is changed inside this function and never restored: the rest of the request - or of ' +
              'the worker\'s life - runs with the changed limit. Keep the old value (`$old = ini_set(...)`) and put it ' +
              'back in a `finally`.',
          });
        }
      }
    }
  },
  checkConfig(ctx) {
    for (const d of parseIni(ctx.file.text, ctx.file.language)) {
      if (d.name !== 'memory_limit') continue;
      const verdict = judgeMemoryLimit(d.value);
      if (!verdict) continue;
      // At startup there is no previous value: PHP keeps its built-in default.
      const problem = verdict.problem.replace('the previous limit stays', 'PHP keeps its default of 128M').replace('and keeps the previous limit', 'and keeps its default of 128M');
      ctx.report({
        start: d.valueStart, end: Math.max(d.valueEnd, d.valueStart),
        severity: verdict.severity,
        message: `memory_limit = ${d.value} ${problem}.`,
        fixes: verdict.normalised ? [{ title: `Use ${verdict.normalised}`, edits: [{ start: d.valueStart, end: d.valueEnd, newText: verdict.normalised }], preferred: true }] : [],
      });
    }
  },
};

/** `$old = ini_set('memory_limit', ...)`: the old value is kept, presumably to restore it. */
function isSavedForRestore(call: Node, statements: Node[]): boolean {
  let saved = false;
  for (const st of statements) walk(st, (n) => {
    if (n.kind === 'assign' && n.right === call) saved = true;
    return !saved;
  });
  return saved;
}
