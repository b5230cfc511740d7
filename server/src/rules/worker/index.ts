import type { Rule } from '../types';

export const workerRules: Rule[] = [];
