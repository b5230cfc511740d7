import type { Rule } from '../types';
import { unknownProperty } from './unknownProperty';
import { invalidValue } from './invalidValue';
import { wrongScope } from './wrongScope';
import { deprecatedProperty } from './deprecatedProperty';
import { incompatibleSettings } from './incompatibleSettings';
import { missingGroupId } from './missingGroupId';
import { missingFlush } from './missingFlush';
import { produceWithoutPoll } from './produceWithoutPoll';
import { partitionEofNeverArrives } from './partitionEofNeverArrives';
import { noCommit } from './noCommit';
import { unhandledConsumeError } from './unhandledConsumeError';
import { insecureTransport } from './insecureTransport';
import { strictTypesValue } from './strictTypesValue';

export const kafkaRules: Rule[] = [
  unknownProperty, invalidValue, wrongScope, deprecatedProperty, incompatibleSettings, missingGroupId, missingFlush,
  produceWithoutPoll, partitionEofNeverArrives, noCommit, unhandledConsumeError, insecureTransport, strictTypesValue,
];
