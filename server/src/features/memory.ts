import type { FeatureSet } from './types';

export const memoryFeatures: FeatureSet = {};
