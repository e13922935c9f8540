import type * as tfTypes from '@tensorflow/tfjs';

export type Tf = typeof tfTypes;

let cached: Tf | undefined;

/**
 * TensorFlow.js, loaded on first use. Serving imports `@foresight/ml` only to call `loadModel`,
 * whose forward pass runs on typed arrays; loading tfjs there would cost start-up time and
 * memory for nothing, so nothing at module scope in this library requires it.
 */
export function tfjs(): Tf {
  cached ??= require('@tensorflow/tfjs') as Tf;
  return cached;
}
