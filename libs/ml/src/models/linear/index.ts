export { type RowMajorMatrix } from './row-major-matrix';
export { solveSymmetricPositiveDefinite } from './cholesky';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult, type ObjectiveWithGradient } from './lbfgs';
export { type LinearFitAlgorithm, type LinearFitSummary } from './fit-summary';
export { LinearRegressor, fitLinearRegression, type LinearRegressionOptions, type LinearRegressorJSON } from './linear-regressor';
export { fitElasticNet, fitLasso, elasticNetLambdaMax, type ElasticNetOptions } from './elastic-net';
export {
  LogisticRegression,
  fitLogisticRegression,
  type LogisticPenalty,
  type LogisticRegressionOptions,
  type LogisticRegressionJSON,
} from './logistic-regression';
export { SoftmaxRegression, fitSoftmaxRegression, type SoftmaxRegressionOptions, type SoftmaxRegressionJSON } from './softmax-regression';
