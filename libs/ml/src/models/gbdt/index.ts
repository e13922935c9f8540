export { fitGbdt, gbdtRounds, type GbdtRound, type GbdtValidationSet } from './fit-gbdt';
export { GbdtModel, type GbdtModelState, type GbdtModelJSON, type GbdtIterationLoss } from './gbdt-model';
export {
  resolveGbdtParams,
  DEFAULT_GBDT_PARAMS,
  GBDT_PARAM_LIMITS,
  type GbdtParams,
  type ResolvedGbdtParams,
  type GbdtObjective,
  type GbdtGrowth,
} from './gbdt-params';
export { BinMapper, MISSING_BIN } from './bin-mapper';
export { CompiledForest, concatForests, treeCount, type FlatForest } from './flat-forest';
