// The real PHP code the memory.* rules are measured on (Debian packages; `apt-get install -y wordpress php-symfony
// php-laravel-framework mediawiki`). Shared by run.mjs and fixes.mjs.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const CORPORA = {
  wordpress: '/usr/share/wordpress',
  symfony: '/usr/share/php/Symfony',
  laravel: '/usr/share/php/Illuminate',
  mediawiki: '/usr/share/mediawiki',
  // Held out: not looked at while the rules were narrowed (apt-get install -y --no-install-recommends roundcube-core).
  roundcube: '/usr/share/roundcube',
};

/** The corpora the rules were tuned on; roundcube is run separately as a held-out check. */
export const TUNING = ['wordpress', 'symfony', 'laravel', 'mediawiki'];

export function phpFiles(dir, out = [], seen = new Set()) {
  let real;
  try { real = statSync(dir); } catch { return out; }
  if (!real.isDirectory()) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === '.git') continue;
    const path = join(dir, name);
    let st;
    try { st = statSync(path); } catch { continue; }
    if (st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) continue; // symlink loops (Debian links shared libraries into several trees)
      seen.add(key);
      phpFiles(path, out, seen);
    } else if (name.endsWith('.php')) out.push(path);
  }
  return out;
}

export function missingCorpora(names) {
  return names.filter((n) => !existsSync(CORPORA[n]));
}

/** Deterministic PRNG (mulberry32) so the review sample is reproducible. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
