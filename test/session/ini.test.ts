// The configuration readers and the settings model: php.ini / pool / memcached.conf parsing, settings made in PHP
// code, layering across files, and the cross-file findings the lead wires into the server and CLI.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseIni, parseMemcachedFlags, iniBool } from '../../server/src/core/ini';
import { settingsInCode, settingsInConfig, effectiveSettings, crossFileFindings, savePathProblem, constantValue } from '../../server/src/core/iniSettings';
import { parsePhp } from '../../server/src/core/parse';
import { topLevelStatements } from '../../server/src/core/units';
import { analyze } from '../support/fixtures';

const code = (text: string, fileName = 'app.php') => settingsInCode(topLevelStatements(parsePhp(text).program), text, fileName);
const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('parseIni', () => {
  test('reads names, values, quotes, comments and sections with exact ranges', () => {
    const text = '[Session]\r\nsession.save_path = "a;b" ; comment\n  Session.Name=PHPSESSID\n; session.x = 1\n#x=2\nmemcached.sess_locking = Off ; why\nsession.cookie_domain =\n';
    const d = parseIni(text);
    assert.deepEqual(d.map((x) => [x.name, x.value, x.section]), [
      ['session.save_path', 'a;b', 'Session'], ['session.name', 'PHPSESSID', 'Session'],
      ['memcached.sess_locking', 'Off', 'Session'], ['session.cookie_domain', '', 'Session'],
    ]);
    assert.equal(text.slice(d[0].valueStart, d[0].valueEnd), '"a;b"');
    assert.equal(text.slice(d[1].nameStart, d[1].nameEnd), 'Session.Name');
    assert.equal(text.slice(d[2].valueStart, d[2].valueEnd), 'Off');
    assert.equal(d[3].valueStart, d[3].valueEnd);
  });

  test('php-fpm pool files: php_value/php_admin_value/php_flag names and the pool keys', () => {
    const text = '[www]\npm.max_requests = 0\nphp_admin_value[ session.save_path ] = "127.0.0.1:11211"\nphp_flag[display_errors] = off\n';
    const d = parseIni(text, 'fpm');
    assert.deepEqual(d.map((x) => [x.name, x.origin, x.value]), [
      ['pm.max_requests', 'fpm', '0'], ['session.save_path', 'php_admin_value', '127.0.0.1:11211'], ['display_errors', 'php_flag', 'off'],
    ]);
    assert.equal(slice(text, { start: d[1].nameStart, end: d[1].nameEnd }), 'session.save_path');
    assert.deepEqual(settingsInConfig({ language: 'fpm', text, fileName: 'www.conf' }).map((s) => s.name), ['session.save_path', 'display_errors']);
  });

  test('stays linear on large and odd input', () => {
    const big = 'session.name = x\n'.repeat(100_000) + '='.repeat(200_000) + '\n[' + '"'.repeat(100_000);
    const started = Date.now();
    assert.equal(parseIni(big).length, 100_000);
    parseMemcachedFlags(big);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

test('iniBool reads php.ini booleans the way PHP does', () => {
  for (const v of ['1', 'On', 'yes', 'TRUE', '2']) assert.equal(iniBool(v), true, v);
  for (const v of ['0', 'off', 'No', 'false', 'none', '']) assert.equal(iniBool(v), false, v);
  assert.equal(iniBool('maybe'), null);
});

describe('parseMemcachedFlags', () => {
  test('memcached.conf lines, systemd ExecStart, sysconfig OPTIONS, long and attached forms', () => {
    const conf = '-d\nlogfile /var/log/memcached.log\n-m 64\n-l 127.0.0.1,10.0.0.5\n-U0\n# -l 0.0.0.0\n';
    assert.deepEqual(parseMemcachedFlags(conf).map((f) => [f.flag, f.value]), [['d', ''], ['m', '64'], ['l', '127.0.0.1,10.0.0.5'], ['U', '0']]);
    const unit = '[Service]\nExecStart=/usr/bin/memcached -p 11211 --listen=0.0.0.0 --udp-port=11211\nRestart=always\n';
    const flags = parseMemcachedFlags(unit);
    assert.deepEqual(flags.map((f) => [f.flag, f.value]), [['p', '11211'], ['l', '0.0.0.0'], ['U', '11211']]);
    assert.equal(slice(unit, { start: flags[1].valueStart, end: flags[1].valueEnd }), '0.0.0.0');
    assert.deepEqual(parseMemcachedFlags('OPTIONS="-l 127.0.0.1 -U 0"\n').map((f) => [f.flag, f.value]), [['l', '127.0.0.1'], ['U', '0']]);
  });
});

describe('settings made in PHP code', () => {
  test('ini_set, session_start options, session_set_cookie_params (positional, array, named), save path and module', () => {
    const text = `<?php
ini_set('session.cookie_secure', true);
ini_set('session.gc_maxlifetime', 86400 * 60);
ini_set('session.cookie_domain', $domain);
session_start(['cookie_httponly' => false, 'read_and_close' => true]);
session_set_cookie_params(0, '/', '', true, false);
session_set_cookie_params(['samesite' => 'Lax']);
session_set_cookie_params(secure: false);
session_save_path('127.0.0.1:11211');
session_module_name('memcached');
function later() { ini_set('memcached.sess_locking', 'Off'); }
`;
    const s = code(text);
    assert.deepEqual(s.map((x) => [x.name, x.value, x.origin]), [
      ['session.cookie_secure', '1', 'ini_set'], ['session.gc_maxlifetime', '5184000', 'ini_set'], ['session.cookie_domain', null, 'ini_set'],
      ['session.cookie_httponly', '', 'session_start'],
      ['session.cookie_lifetime', '0', 'session_set_cookie_params'], ['session.cookie_path', '/', 'session_set_cookie_params'],
      ['session.cookie_domain', '', 'session_set_cookie_params'], ['session.cookie_secure', '1', 'session_set_cookie_params'],
      ['session.cookie_httponly', '', 'session_set_cookie_params'], ['session.cookie_samesite', 'Lax', 'session_set_cookie_params'],
      ['session.cookie_secure', '', 'session_set_cookie_params'],
      ['session.save_path', '127.0.0.1:11211', 'session_save_path'], ['session.save_handler', 'memcached', 'session_module_name'],
      ['memcached.sess_locking', 'Off', 'ini_set'],
    ]);
    assert.equal(slice(text, { start: s[3].valueStart, end: s[3].valueEnd }), 'false');
  });

  test('constantValue folds literals and arithmetic, and refuses anything computed', () => {
    const expr = (src: string) => constantValue(parsePhp(`<?php $x = ${src};`).program.children[0].expression.right);
    assert.equal(expr('60 * 60 * 24 * 31'), 2678400);
    assert.equal(expr("'a' . 'b'"), 'ab');
    assert.equal(expr('-(5)'), -5);
    assert.equal(expr('1_000'), 1000);
    assert.equal(expr('time() + 5'), undefined);
    assert.equal(expr('1 / 0'), undefined);
  });
});

describe('layering and cross-file findings', () => {
  const ini = (text: string, fileName: string, language: 'ini' | 'fpm' = 'ini') => settingsInConfig({ language, text, fileName });

  test('later layers win; php_admin_value cannot be overridden by later files or ini_set', () => {
    const phpIni = ini('session.save_handler = files\nsession.cookie_secure = 0\n', '/etc/php/8.2/fpm/php.ini');
    const pool = ini('php_admin_value[session.save_handler] = memcached\nphp_value[session.cookie_secure] = 1\n', 'www.conf', 'fpm');
    const app = code("<?php ini_set('session.save_handler', 'files'); ini_set('session.cookie_secure', '0');");
    const eff = effectiveSettings([phpIni, pool, app]);
    assert.equal(eff.get('session.save_handler')!.value, 'memcached');
    assert.equal(eff.get('session.save_handler')!.fileName, 'www.conf');
    assert.equal(eff.get('session.cookie_secure')!.value, '0');
    assert.equal(eff.get('session.cookie_secure')!.origin, 'ini_set');
  });

  test('save_handler in php.ini and a tcp:// save_path in code: one savePathFormat finding in the code file', () => {
    const phpIni = ini('session.save_handler = memcached\n', '/etc/php/8.2/fpm/conf.d/30-sessions.ini');
    const text = "<?php\nini_set('session.save_path', 'tcp://cache.internal:11211');\n";
    const found = crossFileFindings([phpIni, code(text, 'bootstrap.php')]);
    assert.equal(found.length, 1);
    assert.equal(found[0].rule, 'session.savePathFormat');
    assert.equal(found[0].fileName, 'bootstrap.php');
    assert.equal(slice(text, found[0]), "'tcp://cache.internal:11211'");
    assert.match(found[0].message, /Failed to create session ID: memcached \(path: tcp:\/\/cache\.internal:11211\)/);
    assert.equal(found[0].related[0].fileName, '/etc/php/8.2/fpm/conf.d/30-sessions.ini');
  });

  test('no cross-file finding when one file holds both (the per-file rule reports it), or the formats agree', () => {
    const both = ini('session.save_handler = memcached\nsession.save_path = "tcp://127.0.0.1:11211"\n', 'php.ini');
    assert.deepEqual(crossFileFindings([both]), []);
    const memcache = ini('session.save_handler = memcache\n', 'php.ini');
    assert.deepEqual(crossFileFindings([memcache, code("<?php ini_set('session.save_path', 'tcp://127.0.0.1:11211');")]), []);
    const overridden = ini('session.save_handler = memcached\n', 'php.ini');
    assert.deepEqual(crossFileFindings([overridden, code("<?php ini_set('session.save_handler', 'memcache'); ini_set('session.save_path', 'tcp://127.0.0.1:11211');")]), []);
  });

  test('savePathProblem: formats of each extension', () => {
    assert.equal(savePathProblem('memcached', '127.0.0.1:11211, 10.0.0.2:11211:2'), null);
    assert.equal(savePathProblem('memcached', '[::1]:11211'), null);
    assert.equal(savePathProblem('memcached', '/run/memcached.sock'), null);
    assert.equal(savePathProblem('memcached', 'tcp://a:1,tcp://b:2')!.normalised, 'a:1,b:2');
    assert.match(savePathProblem('memcached', 'a:1;b:2')!.message, /cannot read/);
    assert.equal(savePathProblem('memcache', 'tcp://a:11211?persistent=1&weight=2,b'), null);
    assert.match(savePathProblem('memcache', 'tcp://a:11211,,b')!.message, /\(empty entry\)/);
    assert.equal(savePathProblem('files', 'tcp://x'), null);
    assert.equal(savePathProblem('redis', 'tcp://x:6379'), null);
  });
});

describe('rule behaviour beyond the fixtures', () => {
  test('session.insecureIni is silent on the CLI php.ini and speaks on the FPM one', () => {
    const text = 'session.use_strict_mode = 0\nsession.cookie_httponly =\n';
    const ids = (fileName: string) => analyze(text, fileName).filter((f) => f.rule === 'session.insecureIni').length;
    assert.equal(ids('/etc/php/8.2/cli/php.ini'), 0);
    assert.equal(ids('/etc/php/8.2/fpm/php.ini'), 2);
  });

  test('Debian\'s own php.ini and memcached.conf: only the findings MemLens stands by', () => {
    const ini = 'session.save_handler = files\nsession.use_strict_mode = 0\nsession.use_only_cookies = 1\nsession.cookie_httponly =\nsession.cookie_samesite =\nsession.sid_length = 26\nsession.trans_sid_tags = "a=href,area=href,frame=src,form="\nsession.sid_bits_per_character = 5\nsession.gc_maxlifetime = 1440\n';
    const found = analyze(ini, '/etc/php/8.2/fpm/php.ini').filter((f) => f.rule.startsWith('session.')).map((f) => `${f.rule}:${ini.slice(f.start, f.end)}`);
    assert.deepEqual(found, [
      'session.insecureIni:0', 'session.insecureIni:session.cookie_httponly', 'session.insecureIni:session.cookie_samesite',
      'session.deprecatedIni:26', 'session.deprecatedIni:5',
    ]);
    const conf = '-d\nlogfile /var/log/memcached.log\n-m 64\n-p 11211\n-u memcache\n-l 127.0.0.1\n-P /var/run/memcached/memcached.pid\n';
    assert.deepEqual(analyze(conf, '/etc/memcached.conf').filter((f) => f.rule === 'config.memcachedExposed'), []);
  });

  test('rules survive unparsable and odd PHP without throwing', () => {
    const odd = ["<?php ini_set(", "<?php class H implements SessionHandlerInterface { function read(", "<?php $m->set('k', 1, 1e400);",
      "<?php session_start([...$o]); ini_set(...$args); session_set_cookie_params(...[1]);", '<?php ' + 'session_start();'.repeat(2000) + 'sleep(1);'];
    for (const text of odd) {
      const found = analyze(text, 'odd.php');
      assert.ok(!found.some((f) => f.rule === 'memlens.internalError' && /session\./.test(f.message)), `${text.slice(0, 40)}: ${found.map((f) => f.message).join(' | ')}`);
    }
  });
});

test('sessionFindingsAcrossFiles: php.ini + pool + two entry points, each judged on its own', async () => {
  const { sessionFindingsAcrossFiles } = await import('../../server/src/core/iniSettings');
  const files = [
    { fileName: 'public/index.php', language: 'php' as const, text: "<?php\nini_set('session.save_path', 'tcp://10.0.0.5:11211');\nsession_start();\n" },
    { fileName: 'bin/worker.php', language: 'php' as const, text: "<?php\nini_set('session.save_handler', 'memcache');\nini_set('session.save_path', 'tcp://10.0.0.5:11211');\n" },
    { fileName: 'etc/php/8.2/fpm/pool.d/www.conf', language: 'fpm' as const, text: 'php_value[session.save_handler] = memcached\n' },
    { fileName: 'etc/php/8.2/fpm/php.ini', language: 'ini' as const, text: 'session.save_handler = files\n' },
  ];
  const found = sessionFindingsAcrossFiles(files);
  assert.deepEqual(found.map((f) => [f.fileName, f.rule, f.related[0].fileName]), [['public/index.php', 'session.savePathFormat', 'etc/php/8.2/fpm/pool.d/www.conf']]);
});
