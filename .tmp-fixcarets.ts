import { readFileSync, writeFileSync } from 'node:fs';
import { analyze } from './test/support/fixtures';
for (const f of process.argv.slice(2)) {
  const rule = f.split('/').slice(-2)[0];
  let t = readFileSync(f, 'utf8');
  const lines = t.split('\n');
  const found = analyze(t, f).filter((x) => x.rule === rule);
  for (const x of found) {
    const lineNo = t.slice(0, x.start).split('\n').length - 1;
    const col = x.start - (t.lastIndexOf('\n', x.start - 1) + 1);
    const m = lines[lineNo + 1];
    if (!m || !/^\/\/\s*\^+ /.test(m)) { console.log('no marker', f, lineNo); continue; }
    const rest = m.replace(/^\/\/\s*\^+ /, '');
    lines[lineNo + 1] = '//' + ' '.repeat(col - 2) + '^'.repeat(x.end - x.start) + ' ' + rest;
  }
  writeFileSync(f, lines.join('\n'));
}
