// Activates an extension bundle in a fresh Node with the stand-in `vscode` module (activationProbe.cjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

export interface ProbeResult {
  load: number;
  activate: number;
  /** What the extension wrote to its output channels with info(). */
  lines: string[];
}

// __filename, not __dirname: the bench loads this file through tsx's ESM loader, which sets only __filename.
const PROBE = join(dirname(__filename), 'activationProbe.cjs');

/** Fails the test when activate() throws. `storage` is the extension's global-storage folder. */
export function activateInProbe(bundle: string, storage?: string): ProbeResult {
  const r = spawnSync(process.execPath, [PROBE, bundle, ...(storage ? [storage] : [])], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `activating ${bundle} failed: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as ProbeResult;
}

/** The client's own line about how it was loaded ("client loaded in N ms ... (code cache: used)"). */
export const clientLoadLine = (r: ProbeResult): string => r.lines.find((l) => l.startsWith('client loaded in')) ?? '';
