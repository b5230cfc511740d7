import type { Rule } from '../types';
import { noMemoryGuard } from './noMemoryGuard';
import { blockingCallInEventLoop } from './blockingCallInEventLoop';
import { stateLeaksBetweenRequests } from './stateLeaksBetweenRequests';
import { unboundedQueue } from './unboundedQueue';
import { fpmMaxRequests } from './fpmMaxRequests';

export const workerRules: Rule[] = [noMemoryGuard, blockingCallInEventLoop, stateLeaksBetweenRequests, unboundedQueue, fpmMaxRequests];
