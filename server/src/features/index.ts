// All editor features, by area. Each area's file is owned with its rules.
import type { FeatureSet } from './types';
import { memoryFeatures } from './memory';
import { sessionFeatures } from './session';
import { kafkaFeatures } from './kafka';
import { workerFeatures } from './worker';
import { simFeatures } from './sim';

const sets: FeatureSet[] = [memoryFeatures, sessionFeatures, kafkaFeatures, workerFeatures, simFeatures];

export const hoverProviders = sets.flatMap((s) => s.hovers ?? []);
export const completionProviders = sets.flatMap((s) => s.completions ?? []);
export const codeLensProviders = sets.flatMap((s) => s.codeLenses ?? []);
