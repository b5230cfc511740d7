// What the in-process benchmarks need from the core, bundled by bench/run.mjs into a temporary file.
export { parsePhp } from '../../server/src/core/parse';
export { PhpDocument } from '../../server/src/core/document';
export { topLevelStatements, splitUnits } from '../../server/src/core/units';
export { fileFacts } from '../../server/src/core/facts';
export { allRules } from '../../server/src/rules';
export { runUnit } from '../../server/src/rules/run';
export { defaultSettings } from '../../server/src/config';
export { indexUnit, forgetUnitIndexes } from '../../server/src/core/modelIndex';
