import type { FeatureSet } from './types';

export const kafkaFeatures: FeatureSet = {};
