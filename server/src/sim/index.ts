// Public API of the simulator.
export { simulate, type SimulateOptions, type SimulationResult } from './simulate.js';
export { runSimulateCli } from './cli.js';
export type * from './trace.js';
