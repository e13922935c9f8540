export { encodeArtifact, decodeArtifact } from './artifact-codec';
export { ARTIFACT_FORMAT_VERSION, type ArtifactManifest, type ModelArtifact, type TrainingDataSummary } from './artifact-manifest';
export { loadModel, loadServableModel, type LoadedModel, type ServableModel, type ModelInfo, type ModelAlgorithm } from './load-model';
export { ServableSequenceModel, readSequenceCell, SEQUENCE_SERVING_KEY, type SequenceServingInfo, type SequenceCell } from './load-model';
export {
  encodeForecastArtifact,
  decodeForecastArtifact,
  ForecastModel,
  FORECAST_ALGORITHMS,
  SINGLE_SERIES_KEY,
  type ForecastAlgorithm,
  type ForecastArtifact,
  type ForecastModelInfo,
  type ForecastStep,
  type SeriesForecast,
} from './forecast-artifact';
export { ClusterModel, encodeClusterArtifact, type ClusterArtifact, type ClusterModelInfo } from './cluster-artifact';
export {
  encodeJsonArtifact,
  decodeJsonArtifact,
  JSON_ARTIFACT_FORMAT_VERSION,
  type JsonModelArtifact,
} from './json-artifact-codec';
export { INTERVAL_LEVELS_PERCENT } from './model-info';
export { type TabularModelJSON } from './matrix-model';
