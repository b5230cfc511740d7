import type { ConfigRuleContext, Edit, Finding, Rule } from '../types';
import { parseIni, type IniDirective } from '../../core/ini';

// php-fpm's `pm.max_requests` defaults to 0: a child process serves requests until the pool is restarted. Anything a
// request leaks (a cycle the collector has not reached yet, a static cache, an extension's leak) accumulates in the
// child. A finite value makes the master replace each child after N requests, which bounds any slow leak.
export const RULE_ID = 'worker.fpmMaxRequests';
const SUGGESTED = 500;

export const fpmMaxRequests: Rule = {
  meta: {
    id: RULE_ID,
    area: 'worker',
    severity: 'info',
    description: 'A php-fpm pool with `pm.max_requests = 0` (the default): children are never recycled.',
    fixable: true,
    languages: ['fpm'],
  },
  checkConfig(ctx) {
    const directives = parseIni(ctx.file.text, 'fpm');
    for (const pool of pools(ctx.file.text, directives)) {
      const setting = pool.directives.filter((d) => d.name === 'pm.max_requests' && d.origin === 'fpm').pop();
      if (setting) {
        if (!/^\s*0+\s*$/.test(setting.value)) continue;
        report(ctx, setting.nameStart, setting.valueEnd, pool.name, 'is set to 0', {
          start: setting.valueStart, end: setting.valueEnd, newText: String(SUGGESTED),
        });
      } else {
        const pm = pool.directives.find((d) => d.name === 'pm' && d.origin === 'fpm');
        if (!pm) continue; // not a pool section (e.g. [global])
        const indent = ctx.file.text.slice(pm.lineStart, pm.nameStart);
        report(ctx, pool.headerStart, pool.headerEnd, pool.name, 'is not set, so it is 0', {
          start: pm.lineEnd, end: pm.lineEnd, newText: `\n${indent}pm.max_requests = ${SUGGESTED}`,
        });
      }
    }
  },
};

function report(ctx: ConfigRuleContext, start: number, end: number, pool: string, how: string, edit: Edit): void {
  ctx.report({
    start, end,
    message: `\`pm.max_requests\` of pool [${pool}] ${how}: php-fpm never recycles its children, so whatever a request ` +
      'leaks (cycles the collector has not reached, static caches, extension leaks) stays in the child until the ' +
      `pool restarts. A value like ${SUGGESTED} makes the master replace each child after that many requests.`,
    fixes: [{ title: `Set pm.max_requests = ${SUGGESTED}`, edits: [edit], preferred: true }],
  });
}

interface Pool { name: string; headerStart: number; headerEnd: number; directives: IniDirective[]; }

/** Pool sections with the range of their `[name]` header. */
function pools(text: string, directives: IniDirective[]): Pool[] {
  const out: Pool[] = [];
  const header = /^[ \t]*\[([^\]\r\n]+)\]/gm;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const name = m[1].trim();
    if (name.toLowerCase() === 'global') continue;
    const headerStart = m.index + m[0].indexOf('[');
    out.push({ name, headerStart, headerEnd: m.index + m[0].length, directives: [] });
  }
  for (const d of directives) {
    let pool: Pool | undefined;
    for (const p of out) if (p.headerStart <= d.lineStart) pool = p;
    if (pool && pool.name === d.section) pool.directives.push(d);
  }
  return out;
}

/** A finding of any file of the project, as the CLI's json output has it. */
export interface ProjectFinding { file: string; rule: string; line?: number; }

/**
 * The cross-file half of the rule: php-fpm recycling matters where the PHP code has memory problems. Given the
 * findings of one pool file (from `checkConfig`) and of the whole project, keeps the pool findings only when the
 * project has memory.* findings, and names a few of them in the message. Pure: the caller (CLI, server) collects both.
 */
export function fpmMaxRequestsInProject<F extends { rule: string; message: string }>(poolFindings: readonly F[], projectFindings: readonly ProjectFinding[]): F[] {
  const memory = projectFindings.filter((f) => f.rule.startsWith('memory.'));
  if (!memory.length) return poolFindings.filter((f) => f.rule !== RULE_ID);
  const examples = memory.slice(0, 3).map((f) => `${f.rule} in ${f.file}${f.line ? `:${f.line}` : ''}`).join(', ');
  const evidence = ` This project has ${memory.length} memory finding${memory.length === 1 ? '' : 's'} (${examples}${memory.length > 3 ? ', ...' : ''}).`;
  return poolFindings.map((f) => (f.rule === RULE_ID ? { ...f, message: f.message + evidence } : f));
}
