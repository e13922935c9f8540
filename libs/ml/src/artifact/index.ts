export { encodeArtifact, decodeArtifact } from './artifact-codec';
export { ARTIFACT_FORMAT_VERSION, type ArtifactManifest, type ModelArtifact, type TrainingDataSummary } from './artifact-manifest';
export { loadModel, type LoadedModel, type ModelInfo, type ModelAlgorithm } from './load-model';
export {
  encodeJsonArtifact,
  decodeJsonArtifact,
  JSON_ARTIFACT_FORMAT_VERSION,
  type JsonModelArtifact,
} from './json-artifact-codec';
export { INTERVAL_LEVELS_PERCENT } from './model-info';
export { type TabularModelJSON } from './matrix-model';
