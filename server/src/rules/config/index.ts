import type { Rule } from '../types';

export const configRules: Rule[] = [];
