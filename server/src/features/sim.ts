import type { FeatureSet } from './types';

export const simFeatures: FeatureSet = {};
