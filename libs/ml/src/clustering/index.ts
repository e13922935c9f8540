export { adjustedRandIndex } from './adjusted-rand-index';
export { kMeansPlusPlus } from './kmeans-plus-plus';
export {
  KMeans,
  fitKMeans,
  DEFAULT_KMEANS_OPTIONS,
  KMEANS_LIMITS,
  type KMeansOptions,
  type KMeansFit,
  type KMeansJSON,
} from './kmeans';
export { chooseK, DEFAULT_CHOOSE_K_OPTIONS, type ChooseKOptions, type ChooseKResult, type KCandidate } from './choose-k';
export { dbscan, DBSCAN_NOISE, DEFAULT_DBSCAN_MIN_SAMPLES, type DbscanOptions, type DbscanResult } from './dbscan';
export { averagePathLength, EULER_GAMMA } from './average-path-length';
export {
  IsolationForest,
  fitIsolationForest,
  DEFAULT_ISOLATION_FOREST_OPTIONS,
  ISOLATION_FOREST_LIMITS,
  type IsolationForestOptions,
  type IsolationForestTrees,
  type IsolationForestJSON,
  type AnomalyRule,
} from './isolation-forest';
