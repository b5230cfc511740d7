// Where the benchmark's inputs and peers live, installing what is missing the way DESIGN.md says: corpora and
// nikic/PHP-Parser from Debian (under a lock, since other work may run apt at the same time), peers from npm.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const require = createRequire(join(ROOT, 'package.json'));

export const CORPORA = [
  { name: 'WordPress', path: '/usr/share/wordpress', apt: 'wordpress' },
  { name: 'Symfony', path: '/usr/share/php/Symfony', apt: 'php-symfony' },
  { name: 'Laravel', path: '/usr/share/php/Illuminate', apt: 'php-laravel-framework' },
  { name: 'MediaWiki', path: '/usr/share/mediawiki', apt: 'mediawiki' },
];

function aptInstall(packages) {
  const run = (args) => spawnSync('flock', ['/tmp/memlens-apt.lock', 'apt-get', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  let r = run(['install', '-y', ...packages]);
  if (r.status !== 0) {
    run(['update']);
    r = run(['install', '-y', ...packages]);
  }
  return r.status === 0;
}

/** The corpora, installed with apt when missing. A corpus that cannot be had is reported, not silently skipped. */
export function locateCorpora(log) {
  const missing = CORPORA.filter((c) => !existsSync(c.path));
  if (missing.length) {
    log(`installing corpora: ${missing.map((c) => c.apt).join(' ')}`);
    aptInstall(missing.map((c) => c.apt));
  }
  return CORPORA.map((c) => ({ ...c, available: existsSync(c.path) }));
}

/** Every file under `dir` (following symlinks, as Debian's packages use them) whose name ends with .php. */
export function phpFiles(dir, skipVendor = true) {
  const out = [];
  const seen = new Set();
  const visit = (d) => {
    let names;
    try { names = readdirSync(d).sort(); } catch { return; }
    for (const name of names) {
      const path = join(d, name);
      let st;
      try { st = statSync(path); } catch { continue; }
      if (st.isDirectory()) {
        if (skipVendor && (name === 'vendor' || name === 'node_modules' || name.startsWith('.'))) continue;
        const key = `${st.dev}:${st.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
        visit(path);
      } else if (name.endsWith('.php')) out.push({ path, bytes: st.size });
    }
  };
  visit(dir);
  return out;
}

export function intelephensePath() {
  try { return require.resolve('intelephense/lib/intelephense.js'); } catch { return null; }
}

/** npm peers are devDependencies; installing goes through the shared lock (preamble). */
export function ensureNpmPeer(name, log) {
  try { require.resolve(name); return true; } catch { /* install below */ }
  log(`installing ${name} from npm`);
  spawnSync('flock', ['/tmp/memlens-npm.lock', 'npm', 'install', '--save-dev', name], { cwd: ROOT, stdio: 'inherit' });
  try { require.resolve(name); return true; } catch { return false; }
}

/** tree-sitter-php through web-tree-sitter (its .wasm build: the native addon needs a compiler and a matching
 * ABI, the .wasm runs anywhere Node does). */
export async function treeSitter() {
  try {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const php = await Language.load(require.resolve('tree-sitter-php/tree-sitter-php.wasm'));
    const parser = new Parser();
    parser.setLanguage(php);
    return { parse: (text) => { const tree = parser.parse(text); const bad = tree.rootNode.hasError; tree.delete(); return bad; } };
  } catch (e) {
    return { error: String(e?.message ?? e).split('\n')[0] };
  }
}

/** nikic/PHP-Parser from Debian's php-parser package, run by the system php. */
export function nikic(log) {
  const autoload = '/usr/share/php/PhpParser/autoload.php';
  if (!existsSync(autoload) || !existsSync('/usr/bin/php')) {
    log('installing php-parser and php-cli from Debian');
    aptInstall(['php-parser', 'php-cli']);
  }
  return existsSync(autoload) && existsSync('/usr/bin/php') ? autoload : null;
}

export function machine() {
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).toString().trim();
  const mem = Math.round(Number(/MemTotal:\s+(\d+)/.exec(execFileSync('cat', ['/proc/meminfo']).toString())[1]) / 1048576);
  const load = execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ');
  return { cpu, cores: availableParallelism(), memGB: mem, node: process.version, load };
}
