export {
  trainRegressionModel,
  MIN_TRAINING_ROWS,
  TEST_FRACTION_RANGE,
  type TrainRegressionOptions,
  type TrainRegressionResult,
} from './train-regression-model';
export { trainTestSplit } from './train-test-split';
