// Small measuring helpers: percentiles, process memory from /proc, a child process timed with its peak RSS, and
// a plain-text table printer.
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';

export function percentile(values, q) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** VmRSS and VmHWM (peak) of a live process, in MB. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** Runs a command to completion; wall time in ms and peak RSS in MB (GNU time), stdout as text. */
export function timed(command, args, env = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '@@%M', command, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      const stderr = Buffer.concat(err).toString();
      const peak = Number(/@@(\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
      resolve({ ms, peak, code, stdout: Buffer.concat(out).toString(), stderr: stderr.replace(/@@\d+\n?/, '') });
    });
  });
}

export const fmt = {
  ms: (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a'),
  n: (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a'),
  ratio: (v) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a'),
};

export function table(title, headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  return [`\n### ${title}\n`, line(cells[0]), '|' + widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|') + '|', ...cells.slice(1).map(line)].join('\n');
}
