import type { FeatureSet } from './types';

export const sessionFeatures: FeatureSet = {};
