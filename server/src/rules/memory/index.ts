import type { Rule } from '../types';
import { selfReference } from './selfReference';
import { objectCycle } from './objectCycle';
import { redundantUnset } from './redundantUnset';
import { foreachReferenceLeftover } from './foreachReferenceLeftover';
import { closureThisCycle } from './closureThisCycle';
import { backReference } from './backReference';
import { destructorInCycle } from './destructorInCycle';
import { staticAccumulation } from './staticAccumulation';
import { globalAccumulation } from './globalAccumulation';
import { unboundedLoopGrowth } from './unboundedLoopGrowth';
import { largeMaterialization } from './largeMaterialization';
import { gcDisabled } from './gcDisabled';
import { gcInHotLoop } from './gcInHotLoop';
import { memoryLimit } from './memoryLimit';

export const memoryRules: Rule[] = [
  selfReference, objectCycle, redundantUnset, foreachReferenceLeftover, closureThisCycle, backReference,
  destructorInCycle, staticAccumulation, globalAccumulation, unboundedLoopGrowth, largeMaterialization, gcDisabled,
  gcInHotLoop, memoryLimit,
];
