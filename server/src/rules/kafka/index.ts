import type { Rule } from '../types';

export const kafkaRules: Rule[] = [];
