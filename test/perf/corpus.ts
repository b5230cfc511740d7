// Real PHP for the correctness tests of the fast paths: Debian's WordPress, Symfony and Laravel (DESIGN.md). A test
// that needs them fails with the command that installs them; it is never skipped.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { Node } from '../../server/src/core/parse';
import { PhpDocument } from '../../server/src/core/document';

export const CORPORA: Record<string, string> = {
  wordpress: '/usr/share/wordpress',
  symfony: '/usr/share/php/Symfony',
  laravel: '/usr/share/php/Illuminate',
};

export function requireCorpus(name: keyof typeof CORPORA & string): string {
  const path = CORPORA[name];
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: install it with \`flock /tmp/memlens-apt.lock apt-get install -y wordpress php-symfony php-laravel-framework\``);
  }
  return path;
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** *.php files under a folder, sorted, symlinks followed once. */
export function phpFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      let st;
      try { st = statSync(path); } catch { continue; }
      if (st.isDirectory()) {
        const key = `${st.dev}:${st.ino}`;
        if (name === 'vendor' || seen.has(key)) continue;
        seen.add(key);
        visit(path);
      } else if (name.endsWith('.php')) out.push(path);
    }
  };
  visit(dir);
  return out;
}

/** A small deterministic PRNG, so a failing edit sequence can be replayed from its seed. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fails with the first node that differs: the incremental document's AST against a full parse's. */
export function sameTree(actual: Node[], expected: Node[], where: string): void {
  const a = dump(actual);
  const b = dump(expected);
  const i = a.findIndex((line, k) => line !== b[k]);
  if (i >= 0 || a.length !== b.length) {
    const k = i >= 0 ? i : Math.min(a.length, b.length);
    assert.fail(`AST differs ${where} at node ${k}:\n  incremental: ${a[k]?.slice(0, 160)}\n  full parse:  ${b[k]?.slice(0, 160)}`);
  }
}

/**
 * The incremental document against a full parse of its text: the same AST when that parses, a parse error when
 * it does not. Returns the full parse when the text parses (a valid state was compared node by node), else null.
 */
export function agrees(doc: PhpDocument, where: string): PhpDocument | null {
  const fresh = new PhpDocument(doc.text, doc.fileName);
  if (fresh.parseErrors.length) {
    assert.ok(doc.parseErrors.length > 0, `missed parse error ${where}`);
    return null;
  }
  assert.equal(doc.parseErrors.length, 0, `false parse error ${where}: ${JSON.stringify(doc.parseErrors[0])}`);
  sameTree(doc.statements(), fresh.statements(), where);
  return fresh;
}

/** Every node as kind@start-end plus its plain fields, in order: equal dumps mean equal trees at current offsets. */
function dump(nodes: Node[]): string[] {
  const out: string[] = [];
  const visit = (n: any) => {
    const plain = Object.keys(n).filter((k) => k !== 'loc' && (n[k] === null || typeof n[k] !== 'object')).sort().map((k) => `${k}=${n[k]}`);
    out.push(`${n.kind}@${n.loc?.start.offset}-${n.loc?.end.offset} ${plain.join(' ')}`);
    for (const key of Object.keys(n).sort()) {
      const v = n[key];
      if (key === 'loc' || v === null || typeof v !== 'object') continue;
      for (const item of Array.isArray(v) ? v : [v]) if (item && typeof item === 'object' && typeof item.kind === 'string') visit(item);
    }
  };
  nodes.forEach(visit);
  return out;
}
