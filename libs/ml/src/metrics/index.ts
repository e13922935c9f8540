export { mae, rmse, r2, regressionMetrics, type RegressionMetrics } from './regression-metrics';
export * from './classification';
