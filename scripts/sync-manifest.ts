// Writes the per-rule settings schema of package.json from the rule registry, so the Settings UI offers every rule
// with its default and description. `npx tsx scripts/sync-manifest.ts`; test/manifest checks it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, docsPath } from '../server/src/rules';

export function rulesSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const rule of [...allRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    properties[rule.meta.id] = {
      type: 'string',
      enum: ['error', 'warning', 'info', 'hint', 'off'],
      default: rule.meta.severity,
      markdownDescription: `${rule.meta.description} ([docs](${docsPath(rule.meta.id)}))`,
    };
  }
  return properties;
}

if (require.main === module) {
  const path = join(__dirname, '..', 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  pkg.contributes.configuration.properties['memlens.rules'].properties = rulesSchema();
  writeFileSync(path, JSON.stringify(pkg, null, 2) + '\n');
  console.log(`package.json: ${allRules.length} rules in memlens.rules`);
}
