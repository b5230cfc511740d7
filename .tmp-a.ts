import { readFileSync } from 'node:fs';
import { analyze } from './test/support/fixtures';
for (const f of process.argv.slice(2)) {
  const t = readFileSync(f, 'utf8');
  for (const x of analyze(t, f)) if (/memory\.(unbounded|static|global)/.test(x.rule)) console.log(f.split('/').slice(-2).join('/'), x.rule, x.severity, t.slice(x.start, x.end), '\n   ', x.message);
}
