// Runs a campaign inside a worker thread so the supervisor can stop it when a case hangs or exhausts memory.
import { parentPort, workerData } from 'node:worker_threads';
import { runCampaign, type CampaignOptions } from './campaign';

const options = workerData as CampaignOptions;
const result = runCampaign({
  ...options,
  log: (line) => parentPort!.postMessage({ type: 'log', line }),
  onCase: (key, source, input, counts) => parentPort!.postMessage({ type: 'case', key, source, input, counts }),
  onFailure: (failure) => parentPort!.postMessage({ type: 'failure', failure }),
});
parentPort!.postMessage({ type: 'done', result: { ...result, failures: [] } });
