// `memlens check` and the workspace scan read each file once with analyzeOnce: no comments kept, nothing tiled. It
// must report exactly what an open PhpDocument reports for the same text, on the rule fixtures (where every rule
// fires) and on real code, as it is and broken (the parse-error paths).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PhpDocument } from '../../server/src/core/document';
import { analyzeOnce } from '../../server/src/core/analyze';
import { defaultSettings } from '../../server/src/config';
import { requireCorpus, read, phpFilesUnder } from './corpus';

const ROOT = join(__dirname, '..', '..');

function sameFindings(text: string, file: string, where: string): number {
  const expected = new PhpDocument(text, file).findings(defaultSettings);
  assert.deepEqual(analyzeOnce(text, file, defaultSettings), expected, where);
  return expected.length;
}

test('analyzeOnce reports what the document reports on every rule fixture and example', () => {
  const files = [...phpFilesUnder(join(ROOT, 'test', 'fixtures')), ...phpFilesUnder(join(ROOT, 'examples'))];
  assert.ok(files.length > 100, `only ${files.length} fixtures found`);
  let findings = 0;
  for (const file of files) findings += sameFindings(read(file), file, file);
  // The fixtures are there to make rules fire: a comparison of empty lists would prove nothing.
  assert.ok(findings > 300, `only ${findings} findings on the fixtures`);
});

test('analyzeOnce reports what the document reports on real code, whole and broken', () => {
  const files = phpFilesUnder(requireCorpus('wordpress')).filter((_, i) => i % 4 === 0);
  let findings = 0;
  let broken = 0;
  for (const file of files) {
    const text = read(file);
    findings += sameFindings(text, file, file);
    const half = text.length >> 1;
    const quoted = `${text.slice(0, half)}"${text.slice(half)}`;
    broken += sameFindings(quoted, file, `${file} with a quote inserted`);
    const braced = `${text.slice(0, half)}}${text.slice(half)}`;
    broken += sameFindings(braced, file, `${file} with a brace inserted`);
  }
  assert.ok(findings > 0 && broken > files.length, `findings ${findings}, on broken texts ${broken}`);
});
