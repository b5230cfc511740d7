import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { walk, span, calleeName } from '../../core/walk';
import { iniBool } from '../../core/ini';
import { INI_BY_NAME } from '../../knowledge/ini';
import type { SettingSite } from '../../core/iniSettings';
import { codeSettings, configSettings, settingRange, unitMentions } from './helpers';

/** What PHP 8.4 deprecates about a setting, when `site` triggers it. */
function deprecation(site: SettingSite): string | null {
  if (site.value === null) return null;
  const v = site.value.trim();
  const builtIn = INI_BY_NAME.get(site.name)?.default;
  switch (site.name) {
    case 'session.sid_length':
      return v !== '32' ? 'PHP 8.4 deprecates session.sid_length: setting it prints a Deprecated notice, and a later PHP always makes 32-character ids.' : null;
    case 'session.sid_bits_per_character':
      return v !== '4' ? 'PHP 8.4 deprecates session.sid_bits_per_character: setting it prints a Deprecated notice, and a later PHP always uses 4 bits (0-9a-f).' : null;
    case 'session.use_only_cookies':
      return iniBool(v) === false ? 'PHP 8.4 deprecates turning session.use_only_cookies off: session ids in URLs are on their way out.' : null;
    case 'session.use_trans_sid':
      return iniBool(v) === true ? 'PHP 8.4 deprecates turning session.use_trans_sid on: session ids in URLs are on their way out.' : null;
    case 'session.trans_sid_tags':
    case 'session.trans_sid_hosts':
    case 'session.referer_check':
      return v !== (builtIn ?? '') ? `PHP 8.4 deprecates changing ${site.name}, which only serves session ids in URLs.` : null;
    default:
      return null;
  }
}

/** `session_set_save_handler($open, $close, $read, ...)`: the callback form, not the object form. */
function callbackHandlerCalls(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const root of nodes) walk(root, (n) => { if (n.kind === 'call' && calleeName(n) === 'session_set_save_handler' && (n.arguments?.length ?? 0) > 2) out.push(n); });
  return out;
}

// Settings and calls PHP 8.4 deprecates. They still work, but each one prints a Deprecated notice in 8.4 (which,
// with display_errors on, is output before headers) and goes away in PHP 9.
export const deprecatedIni: Rule = {
  meta: {
    id: 'session.deprecatedIni',
    area: 'session',
    severity: 'info',
    description: 'A session setting or call that PHP 8.4 deprecates.',
    fixable: false,
    tags: ['deprecated'],
    languages: ['ini', 'fpm'],
  },
  check(ctx) {
    if (!unitMentions(ctx, /\bini_(?:set|alter)\b|\bsession_(?:start|set_save_handler)\b/i)) return;
    for (const site of codeSettings(ctx)) {
      const why = deprecation(site);
      if (why) ctx.report({ ...settingRange(site), message: `${site.name} = ${site.value}: ${why}` });
    }
    for (const call of callbackHandlerCalls(ctx.unit.nodes)) {
      const what = call.what.loc ? { start: call.what.loc.start.offset, end: call.what.loc.end.offset } : span(call, ctx.text);
      ctx.report({
        ...what,
        message: 'PHP 8.4 deprecates session_set_save_handler() with separate callbacks: pass one object that implements ' +
          'SessionHandlerInterface (and SessionUpdateTimestampHandlerInterface for validateId/updateTimestamp).',
      });
    }
  },
  checkConfig(ctx) {
    for (const site of configSettings(ctx.file)) {
      const why = deprecation(site);
      if (why) ctx.report({ ...settingRange(site), message: `${site.name} = ${site.value || '(empty)'}: ${why}` });
    }
  },
};
