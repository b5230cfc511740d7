import type { Rule } from '../types';
import { selfReference } from './selfReference';

export const memoryRules: Rule[] = [selfReference];
