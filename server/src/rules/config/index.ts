import type { Rule } from '../types';
import { memcachedExposed } from './memcachedExposed';

export const configRules: Rule[] = [memcachedExposed];
