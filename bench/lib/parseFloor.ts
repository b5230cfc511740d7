// The floor under `memlens check` on this machine: the same files parsed on the same number of worker threads, each
// worker set up as the scan's are (V8 flags for a scan, the parser warmed up, no comments kept), and nothing else:
// no rules, no index, no findings. No check built on php-parser can be faster than this; bench/run.mjs prints it
// beside the check and Intelephense so the distance to a target is seen against what the parser alone costs.
// Bundled by bench/run.mjs; run as `node parseFloor.cjs THREADS PATH...`, prints `{ files, errors }` as JSON.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { parsePhp } from '../../server/src/core/parse';
import { collectFiles } from '../../server/src/check';
import { tuneCompilerForScan } from '../../server/src/scan/compilerFlags';
import { warmUpParser } from '../../server/src/scan/warmup';
import { WINDOW } from '../../server/src/scan/pool';

tuneCompilerForScan();
if (isMainThread) {
  const [threads, ...paths] = process.argv.slice(2);
  const { files } = collectFiles(paths);
  let next = 0;
  let done = 0;
  let errors = 0;
  for (let t = 0; t < Number(threads); t++) {
    const worker = new Worker(__filename);
    let held = 0;
    const feed = () => {
      for (; held < WINDOW && next < files.length; held++) worker.postMessage(files[next++]);
      if (held === 0) void worker.terminate();
    };
    worker.on('message', (failed: boolean) => {
      held--;
      if (failed) errors++;
      if (++done === files.length) process.stdout.write(`${JSON.stringify({ files: files.length, errors })}\n`);
      feed();
    });
    feed();
  }
} else {
  warmUpParser();
  parentPort!.on('message', (path: string) => {
    const { errors } = parsePhp(readFileSync(path, 'utf8'), path, undefined, { comments: false });
    parentPort!.postMessage(errors.length > 0);
  });
}
