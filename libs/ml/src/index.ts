/**
 * @foresight/ml — tabular machine learning for Foresight. Training uses TensorFlow.js (loaded
 * lazily); serving uses `loadModel`, which runs on plain typed arrays and never loads it.
 */
export * from './random';
export * from './frame';
export * from './preprocessing';
export * from './metrics';
export * from './models';
export * from './backend';
export * from './artifact';
export * from './training';
export * from './errors';
export * from './splits';
export * from './uncertainty';
export * from './forecasting';
export * from './explain';
export * from './clustering';
export * from './hpo';
export * from './sequence';
