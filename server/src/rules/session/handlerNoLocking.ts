import type { Rule } from '../types';
import type { Node } from '../../core/parse';
import { walk, calleeName } from '../../core/walk';
import { iniBool } from '../../core/ini';
import type { SettingSite } from '../../core/iniSettings';
import { classNamesIn, className, receiverText, codeSettings, configSettings, methodCallName, methodName, methodsOf, sessionHandlerKind, settingRange, setValueEdit, unitMentions } from './helpers';

const STORES = new Set(['memcached', 'memcache', 'redis', 'rediscluster', 'relay', 'pdo', 'mysqli', 'connection', 'connectioninterface']);
/** Receivers that name a server-side store (a cookie-based handler stores nothing on the server). */
const STORE_RECEIVER = /memcache|redis|pdo|\bdb\b|database|connection|cache|store/i;
const STORE_METHODS = new Set(['get', 'set', 'setex', 'query', 'prepare', 'execute', 'executequery', 'executestatement', 'fetchone', 'hget', 'hset']);
const LOCK_METHODS = new Set(['add', 'cas', 'setnx', 'lock', 'acquire', 'acquirelock', 'getlock', 'beginlock', 'waitforlock', 'lockforupdate']);
const LOCK_SQL = /\bGET_LOCK\s*\(|\bFOR\s+UPDATE\b|\bpg_advisory(?:_xact)?_lock\b|\bLOCK\s+TABLES?\b|\bsp_getapplock\b/i;

export const LOST_UPDATE = 'two concurrent requests of one user each read the session, change it and write back what ' +
  'they have, so the later write wins and the other request\'s change is lost (measured with php-memcached and ' +
  'memcached.sess_locking=0: two requests adding "A" and "B" leave ["A"] instead of ["A","B"]).';

function storeBacked(cls: Node, text: string): boolean {
  for (const n of classNamesIn(cls)) if (STORES.has(n)) return true;
  let found = false;
  walk(cls, (n) => {
    if (!found && n.kind === 'call' && STORE_METHODS.has(methodCallName(n) ?? '') && STORE_RECEIVER.test(receiverText(n, text))) found = true;
  });
  return found;
}

function locks(cls: Node): boolean {
  let found = false;
  walk(cls, (n) => {
    if (found) return false;
    if (n.kind === 'call') {
      const m = methodCallName(n);
      if ((m && LOCK_METHODS.has(m)) || calleeName(n) === 'flock') found = true;
    }
    // Redis SET key value ['nx', ...] / Predis ->set(k, v, 'EX', t, 'NX')
    if (n.kind === 'string' && /^nx$/i.test(String(n.value))) found = true;
    if ((n.kind === 'string' || n.kind === 'nowdoc') && LOCK_SQL.test(String(n.value))) found = true;
    if (n.kind === 'encapsedpart' && n.expression?.kind === 'string' && LOCK_SQL.test(String(n.expression.value))) found = true;
  });
  return found;
}

/** A handler that overrides read/write but hands them to PHP's own SessionHandler keeps the native locking. */
function delegatesToNative(cls: Node): boolean {
  const rw = methodsOf(cls).filter((m) => methodName(m) === 'read' || methodName(m) === 'write');
  if (rw.length === 0) return true;
  return rw.every((m) => {
    let parent = false;
    walk(m, (n) => { if (n.kind === 'call' && n.what?.kind === 'staticlookup' && n.what.what?.kind === 'parentreference') parent = true; });
    return parent;
  });
}

function lockingOff(s: SettingSite): boolean {
  return s.name === 'memcached.sess_locking' && s.value !== null && iniBool(s.value) === false;
}

// Without a lock around read -> modify -> write, PHP's session model (read at start, write at end) loses updates as
// soon as one user has two requests in flight (AJAX, tabs, retries).
export const handlerNoLocking: Rule = {
  meta: {
    id: 'session.handlerNoLocking',
    area: 'session',
    severity: 'warning',
    description: 'Session storage without a lock: concurrent requests of one user overwrite each other\'s changes.',
    fixable: true,
    languages: ['ini', 'fpm'],
  },
  check(ctx) {
    if (!unitMentions(ctx, /Session|sess_locking/)) return;
    for (const cls of ctx.unit.nodes) {
      const kind = sessionHandlerKind(cls);
      if (!kind || (kind.extendsNative && delegatesToNative(cls)) || !storeBacked(cls, ctx.text) || locks(cls)) continue;
      const at = cls.name?.loc ?? cls.loc;
      ctx.report({
        start: at.start.offset, end: at.end.offset,
        message: `${className(cls)} stores sessions without taking a lock around read() and write(): ${LOST_UPDATE} ` +
          'Take a lock in read() (Memcached::add of a lock key, Redis SET NX, SELECT ... FOR UPDATE or GET_LOCK) and release it in write()/close().',
      });
    }
    for (const s of codeSettings(ctx).filter(lockingOff)) {
      ctx.report({ ...settingRange(s), message: `memcached.sess_locking = ${s.value || '0'}: ${LOST_UPDATE}`, fixes: [{ title: 'Turn session locking back on', edits: [setValueEdit(ctx.text, s, '1', 'bool')], preferred: true }] });
    }
  },
  checkConfig(ctx) {
    for (const s of configSettings(ctx.file).filter(lockingOff)) {
      ctx.report({ ...settingRange(s), message: `memcached.sess_locking = ${s.value || '(empty)'}: ${LOST_UPDATE}`, fixes: [{ title: 'memcached.sess_locking = 1', edits: [setValueEdit(ctx.file.text, s, '1', 'bool')], preferred: true }] });
    }
  },
};
