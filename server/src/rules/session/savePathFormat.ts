import type { Rule } from '../types';
import { savePathProblem, type SettingSite } from '../../core/iniSettings';
import { codeSettings, configSettings, lastSetting, setValueEdit, unitMentions } from './helpers';

function check(sites: SettingSite[], text: string, report: (f: { start: number; end: number; message: string; related?: any[]; fixes?: any[] }) => void): void {
  const handler = lastSetting(sites, 'session.save_handler');
  if (!handler?.value) return;
  for (const path of sites.filter((s) => s.name === 'session.save_path')) {
    const problem = savePathProblem(handler.value, path.value);
    if (!problem) continue;
    report({
      start: path.valueStart, end: path.valueEnd,
      message: problem.message,
      related: [{ start: handler.valueStart, end: handler.valueEnd, message: `session.save_handler = ${handler.value}` }],
      fixes: problem.normalised ? [{ title: `Write the save path as ${problem.normalised}`, edits: [setValueEdit(text, path, problem.normalised)], preferred: true }] : [],
    });
  }
}

// ext/memcached and ext/memcache read session.save_path differently (FACTS.md 6): memcached wants `host:port`, and
// a `tcp://` prefix becomes part of the host name. When the handler is set in another file than the path, the
// lead's cross-file pass (crossFileFindings in core/iniSettings.ts) reports it instead.
export const savePathFormat: Rule = {
  meta: {
    id: 'session.savePathFormat',
    area: 'session',
    severity: 'error',
    description: 'A session.save_path the configured Memcached session handler cannot read.',
    fixable: true,
    languages: ['ini', 'fpm'],
  },
  check(ctx) {
    if (!unitMentions(ctx, /save_path|session_save_path/i)) return;
    check(codeSettings(ctx), ctx.text, ctx.report);
  },
  checkConfig(ctx) {
    check(configSettings(ctx.file), ctx.file.text, ctx.report);
  },
};
