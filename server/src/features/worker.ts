import type { FeatureSet } from './types';

export const workerFeatures: FeatureSet = {};
