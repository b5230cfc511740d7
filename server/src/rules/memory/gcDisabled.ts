import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { walk, span, calleeName } from '../../core/walk';
import { parseIni } from '../../core/ini';
import { bodiesOf } from '../../core/model';
import { nodesOfKind } from '../../core/modelIndex';

const OFF = /^(0|off|false|no|none|)$/i;

// With the collector disabled, possible roots pile up past 10,000 and nothing collects cycles automatically
// (FACTS.md 3): every cycle created from then on stays until gc_collect_cycles() is called explicitly or the
// process ends.
export const gcDisabled: Rule = {
  meta: {
    id: 'memory.gcDisabled',
    area: 'memory',
    severity: 'warning',
    description: 'The cycle collector is disabled and not re-enabled: reference cycles are never freed automatically.',
    fixable: false,
    languages: ['ini', 'fpm'],
  },
  check(ctx) {
    if (!nodesOfKind(ctx.unit.nodes, 'call').some((e) => ['gc_disable', 'ini_set'].includes(calleeName(e.node) ?? ''))) return;
    for (const body of bodiesOf(ctx.unit.nodes, ctx.unit.kind === 'script')) {
      const calls: Array<{ node: Node; kind: 'disable' | 'enable' }> = [];
      for (const st of body.statements) {
        walk(st, (n) => {
          if (n !== st && (n.kind === 'function' || n.kind === 'closure' || n.kind === 'arrowfunc' || n.kind === 'method' || n.kind === 'class')) return false;
          if (n.kind !== 'call') return undefined;
          const fn = calleeName(n);
          if (fn === 'gc_disable') calls.push({ node: n, kind: 'disable' });
          else if (fn === 'gc_enable') calls.push({ node: n, kind: 'enable' });
          else if (fn === 'ini_set' && isGcIni(n.arguments?.[0])) {
            const v = n.arguments?.[1];
            const value = v?.kind === 'string' || v?.kind === 'number' ? String(v.value) : v?.kind === 'boolean' ? (v.value ? '1' : '0') : null;
            if (value !== null) calls.push({ node: n, kind: OFF.test(value.trim()) ? 'disable' : 'enable' });
          }
          return undefined;
        });
      }
      for (const c of calls) {
        if (c.kind !== 'disable') continue;
        const start = c.node.loc!.start.offset;
        if (calls.some((o) => o.kind === 'enable' && o.node.loc!.start.offset > start)) continue;
        ctx.report({
          ...span(c.node, ctx.text),
          message: 'The cycle collector is disabled here and never re-enabled in this code: possible roots pile up past ' +
            '10,000 without a collection, so every reference cycle created from now on stays in memory until ' +
            'gc_collect_cycles() is called explicitly or the process ends. Call gc_enable() after the critical section.',
        });
      }
    }
  },
  checkConfig(ctx) {
    for (const d of parseIni(ctx.file.text, ctx.file.language)) {
      if (d.name !== 'zend.enable_gc' || !OFF.test(d.value.trim())) continue;
      ctx.report({
        start: d.valueStart, end: Math.max(d.valueEnd, d.valueStart),
        message: '`zend.enable_gc` off disables the cycle collector for every script: reference cycles are never ' +
          'freed automatically and possible roots pile up without limit. Leave it on (the default) and call ' +
          'gc_disable() only around a critical section.',
      });
    }
  },
};

function isGcIni(n: Node | null | undefined): boolean {
  return n?.kind === 'string' && String(n.value).toLowerCase() === 'zend.enable_gc';
}
