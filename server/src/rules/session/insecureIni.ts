import type { Edit, Rule } from '../types';
import { iniBool } from '../../core/ini';
import type { SettingSite } from '../../core/iniSettings';
import { codeSettings, configSettings, isCliScript, isCliIni, lastSetting, settingRange, setValueEdit, unitMentions } from './helpers';
import { nameTable } from '../../core/nameTable';

interface Check {
  /** The consequence at run time when `site` has an insecure value, or null when it is fine. */
  problem(site: SettingSite, all: SettingSite[]): string | null;
  secure: string;
  kind: 'bool' | 'string';
}

const off = (s: SettingSite) => s.value !== null && iniBool(s.value) === false;
const on = (s: SettingSite) => s.value !== null && iniBool(s.value) === true;

// Each message says what an attacker or a browser does with the setting as written.
const CHECKS = nameTable<Check>({
  'session.use_strict_mode': {
    secure: '1', kind: 'bool',
    problem: (s) => off(s) ? 'PHP accepts any session id a browser sends, even one it never issued: an attacker can plant an id in a victim\'s browser and share the session once the victim logs in (session fixation).' : null,
  },
  'session.cookie_httponly': {
    secure: '1', kind: 'bool',
    problem: (s) => off(s) ? 'JavaScript can read the session cookie through `document.cookie`: a single XSS hole is enough to send the session id away.' : null,
  },
  'session.cookie_secure': {
    secure: '1', kind: 'bool',
    problem: (s) => off(s) ? 'the browser also sends the session cookie over plain HTTP, where anyone on the network path can read the session id.' : null,
  },
  'session.cookie_samesite': {
    secure: 'Lax', kind: 'string',
    problem: (s, all) => {
      if (s.value === null) return null;
      const v = s.value.trim().toLowerCase();
      if (v === '') return 'the session cookie gets no SameSite attribute, so browsers that do not default to Lax send it with cross-site requests (CSRF).';
      const secure = lastSetting(all, 'session.cookie_secure');
      if (v === 'none' && !(secure && on(secure))) return 'browsers reject a `SameSite=None` cookie that is not also Secure: the session cookie is dropped and every request starts a new session. Set cookie_secure, or use Lax.';
      return null;
    },
  },
  'session.use_only_cookies': {
    secure: '1', kind: 'bool',
    problem: (s) => off(s) ? 'PHP also takes the session id from the URL (`?PHPSESSID=...`), where it leaks through Referer headers, logs and shared links, and lets an attacker fix a victim\'s session.' : null,
  },
  'session.use_trans_sid': {
    secure: '0', kind: 'bool',
    problem: (s) => on(s) ? 'PHP writes the session id into links and forms, where it leaks through Referer headers, logs and shared links.' : null,
  },
});

function report(sites: SettingSite[], text: string, emit: (s: SettingSite, message: string, fix: Edit) => void): void {
  for (const site of sites) {
    const check = CHECKS[site.name];
    const problem = check?.problem(site, sites);
    if (!problem) continue;
    const shown = site.expression ? text.slice(site.valueStart, site.valueEnd) : site.value || '(empty)';
    emit(site, `${site.name} = ${shown}: ${problem}`, setValueEdit(text, site, check.secure, check.kind));
  }
}

// Session cookie and id settings that hand the session to someone else. A command-line script that never starts a
// session (and the CLI's own php.ini) has no cookie to protect, so it is left alone.
export const insecureIni: Rule = {
  meta: {
    id: 'session.insecureIni',
    area: 'session',
    severity: 'warning',
    description: 'A session setting that lets the session id be stolen, planted or leaked.',
    fixable: true,
    languages: ['ini', 'fpm'],
  },
  check(ctx) {
    if (!unitMentions(ctx, /\bini_(?:set|alter)\b|\bsession_(?:start|set_cookie_params)\b/i)) return;
    if (isCliScript(ctx.text) && !/\bsession_start\s*\(/.test(ctx.text)) return;
    report(codeSettings(ctx), ctx.text, (site, message, fix) => {
      ctx.report({ ...settingRange(site), message, fixes: [{ title: `Set ${site.name} to the secure value`, edits: [fix], preferred: true }] });
    });
  },
  checkConfig(ctx) {
    if (isCliIni(ctx.file.fileName)) return;
    report(configSettings(ctx.file), ctx.file.text, (site, message, fix) => {
      ctx.report({ ...settingRange(site), message, fixes: [{ title: `Set ${site.name} = ${fix.newText.trim()}`, edits: [fix], preferred: true }] });
    });
  },
};
