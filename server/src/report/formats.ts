// Output formats of `memlens check`. Lines and columns are 1-based; columns count UTF-16 code units, like editors.
import type { Severity } from '../rules/types';
import { rulesById, docsPath, DOCS_BASE_URL } from '../rules';

export interface FileFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
}

export const FORMATS = ['text', 'json', 'sarif', 'checkstyle', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function format(kind: Format, findings: FileFinding[], notices: string[] = []): string {
  switch (kind) {
    case 'json': return JSON.stringify(findings, null, 2) + '\n';
    case 'sarif': return JSON.stringify(sarif(findings), null, 2) + '\n';
    case 'checkstyle': return checkstyle(findings);
    case 'github': return findings.map(github).join('');
    case 'text': return text(findings, notices);
  }
}

function text(findings: FileFinding[], notices: string[]): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}`);
  const counts = (['error', 'warning', 'info', 'hint'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`);
  const files = new Set(findings.map((f) => f.file)).size;
  lines.push(findings.length ? `\n${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${counts.join(', ')})` : 'No findings.');
  for (const n of notices) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function sarif(findings: FileFinding[]) {
  const used = [...new Set(findings.map((f) => f.rule))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'MemLens',
          informationUri: DOCS_BASE_URL,
          rules: used.map((id) => {
            const meta = rulesById.get(id)?.meta;
            return {
              id,
              shortDescription: { text: meta?.description ?? id },
              helpUri: DOCS_BASE_URL + docsPath(id),
              defaultConfiguration: { level: SARIF_LEVEL[meta?.severity ?? 'error'] },
            };
          }),
        },
      },
      results: findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: used.indexOf(f.rule),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file.replace(/\\/g, '/') },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
      })),
    }],
  };
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
  // XML 1.0 forbids most control characters even as references.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function checkstyle(findings: FileFinding[]): string {
  const byFile = new Map<string, FileFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, list] of byFile) {
    out.push(`  <file name="${xml(file)}">`);
    for (const f of list) {
      const severity = f.severity === 'hint' ? 'info' : f.severity;
      out.push(`    <error line="${f.line}" column="${f.column}" severity="${severity}" message="${xml(f.message)}" source="${xml(f.rule)}"/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
}

// GitHub workflow commands: properties and data have their own escaping rules.
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GH_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

function github(f: FileFinding): string {
  return `::${GH_LEVEL[f.severity]} file=${ghProp(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${ghProp(f.rule)}::${ghData(f.message)}\n`;
}
