import type { Rule } from '../types';
import { insecureIni } from './insecureIni';
import { deprecatedIni } from './deprecatedIni';
import { savePathFormat } from './savePathFormat';
import { handlerSignature } from './handlerSignature';
import { handlerReturn } from './handlerReturn';
import { handlerNoLocking } from './handlerNoLocking';
import { lockHeldDuringSlowWork } from './lockHeldDuringSlowWork';
import { memcachedTtlOver30Days } from './memcachedTtlOver30Days';
import { memcachedSaslNeedsBinary } from './memcachedSaslNeedsBinary';
import { hardcodedSecret } from './hardcodedSecret';
import { unauthenticatedEncryption } from './unauthenticatedEncryption';

export const sessionRules: Rule[] = [
  insecureIni, deprecatedIni, savePathFormat, handlerSignature, handlerReturn, handlerNoLocking,
  lockHeldDuringSlowWork, memcachedTtlOver30Days, memcachedSaslNeedsBinary, hardcodedSecret, unauthenticatedEncryption,
];
