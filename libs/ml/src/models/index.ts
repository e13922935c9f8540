export { DenseNetwork, denseForward, assertDenseNetwork, type DenseActivation, type DenseLayerWeights, type DenseNetworkWeights } from './dense-network';
export {
  fitMlpRegressor,
  resolveMlpParams,
  glorotUniformLayers,
  buildTfModel,
  exportTfModel,
  trainTfModel,
  DEFAULT_MLP_PARAMS,
  MLP_PARAM_LIMITS,
  type MlpParams,
  type ResolvedMlpParams,
  type MlpRegressorState,
  type TrainingHooks,
} from './mlp-regressor';
export { predictMlpRegressor } from './mlp-regressor-predict';
export * from './linear';
export * from './gbdt';
