// Hovers and completions for sessions and Memcached, in ini/pool/memcached.conf files and in PHP.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sessionHover, sessionCompletion } from '../../server/src/features/session';
import type { FeatureContext } from '../../server/src/features/types';
import type { Language } from '../../server/src/rules/types';
import { defaultSettings } from '../../server/src/config';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements } from '../../server/src/core/units';

/** A context with the cursor where `|` is in the text. */
function at(marked: string, language: Language, fileName = 'file'): FeatureContext {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, fileName, language, offset, settings: defaultSettings, statements: () => topLevelStatements(parsePhp(text).program) };
}

describe('hovers', () => {
  test('php.ini directive: meaning, default, recommended value, history', () => {
    const ctx = at('[Session]\nsession.use_str|ict_mode = 0\n', 'ini');
    const h = sessionHover(ctx)!;
    assert.equal(ctx.text.slice(h.start, h.end), 'session.use_strict_mode');
    assert.match(h.markdown, /Default: `0`/);
    assert.match(h.markdown, /Recommended: `1`/);
    assert.match(h.markdown, /PHP 5\.5\.2/);
  });

  test('pool file: php_admin_value names and pool keys', () => {
    const h = sessionHover(at('php_admin_value[memcached.sess_lo|cking] = 0\n', 'fpm'))!;
    assert.match(h.markdown, /memcached\.sess_locking/);
    assert.match(h.markdown, /ini_set\(\)` cannot change it/);
    assert.match(sessionHover(at('pm.max_req|uests = 0\n', 'fpm'))!.markdown, /never recycles/);
    assert.equal(sessionHover(at('pm.max_req|uests = 0\n', 'ini')), null, 'pool keys mean nothing in php.ini');
  });

  test('memcached.conf flags', () => {
    const ctx = at('-m 64\n-|U 11211\n', 'memcached');
    const h = sessionHover(ctx)!;
    assert.equal(ctx.text.slice(h.start, h.end), '-U 11211');
    assert.match(h.markdown, /amplifier/);
  });

  test('PHP: ini_set names, session_start keys, session functions, Memcached methods', () => {
    assert.match(sessionHover(at("<?php ini_set('session.cookie_same|site', 'Lax');", 'php'))!.markdown, /SameSite/);
    assert.match(sessionHover(at("<?php session_start(['cookie_http|only' => true]);", 'php'))!.markdown, /session\.cookie_httponly/);
    assert.match(sessionHover(at('<?php session_st|art();', 'php'))!.markdown, /locks it/);
    assert.match(sessionHover(at('<?php function f(\\Memcached $m) { $m->s|et("k", 1, 86400 * 60); }', 'php'))!.markdown, /2,592,000/);
    assert.equal(sessionHover(at('<?php function f(\\Redis $r) { $r->s|et("k", 1); }', 'php')), null, 'Redis::set has no 30-day rule');
    assert.equal(sessionHover(at("<?php ini_set('not.a.dir|ective', 1);", 'php')), null);
  });
});

describe('completion', () => {
  test('directive names at the start of an ini line', () => {
    const ctx = at('[Session]\nsession.coo|\n', 'ini');
    const c = sessionCompletion(ctx)!;
    assert.equal(ctx.text.slice(c.start, c.end), 'session.coo');
    assert.ok(c.items.some((i) => i.label === 'session.cookie_samesite' && /Lax/.test(i.documentation ?? '')));
    assert.equal(sessionCompletion(at('; a comment sess|\n', 'ini')), null);
  });

  test('values after `=`: enums and booleans, with the recommended one marked', () => {
    const c = sessionCompletion(at('session.cookie_samesite = L|', 'ini'))!;
    assert.deepEqual(c.items.map((i) => i.label), ['Lax', 'Strict', 'None']);
    assert.equal(c.items[0].detail, 'recommended');
    const b = sessionCompletion(at('php_admin_flag[session.cookie_httponly] = |', 'fpm'))!;
    assert.deepEqual(b.items.map((i) => i.label), ['1', '0', 'On', 'Off']);
  });

  test('pool files: inside php_value[...] and pool keys at line start', () => {
    const inside = sessionCompletion(at('php_admin_value[memcached.sess|', 'fpm'))!;
    assert.ok(inside.items.some((i) => i.label === 'memcached.sess_locking'));
    const keys = sessionCompletion(at('pm.max|', 'fpm'))!;
    assert.ok(keys.items.some((i) => i.label === 'pm.max_requests'));
    assert.ok(keys.items.some((i) => i.label === 'php_admin_value[...]'));
  });

  test('PHP: names inside ini_set(\'...\')', () => {
    const ctx = at("<?php ini_set('memcached.sess_lo|", 'php');
    const c = sessionCompletion(ctx)!;
    assert.equal(ctx.text.slice(c.start, c.end), 'memcached.sess_lo');
    assert.ok(c.items.some((i) => i.label === 'memcached.sess_locking'));
    assert.equal(sessionCompletion(at('<?php echo |', 'php')), null);
  });
});
