// Messages shared by the client and the server beyond standard LSP. Kept tiny on purpose: the client holds no logic.
export const SETTINGS_SECTION = 'memlens';

export const Requests = {
  /** Simulate code with the GC simulator; params SimulateParams, result: the simulator's JSON result. */
  simulate: 'memlens/simulate',
} as const;

export const Notifications = {
  /** The server could not use part of the configuration; the client shows it once. */
  configProblems: 'memlens/configProblems',
} as const;

export interface SimulateParams {
  uri: string;
  /** What to simulate: the whole file, a selection (offsets), or a function/method by name. */
  target: { kind: 'file' } | { kind: 'selection'; start: number; end: number } | { kind: 'function'; name: string };
  opcache?: boolean;
}

export const Commands = {
  simulate: 'memlens.simulateGC',
  restartServer: 'memlens.restartServer',
  showOutput: 'memlens.showOutput',
} as const;
