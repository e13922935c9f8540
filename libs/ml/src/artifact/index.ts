export { encodeArtifact, decodeArtifact } from './artifact-codec';
export { ARTIFACT_FORMAT_VERSION, type ArtifactManifest, type ModelArtifact, type TrainingDataSummary } from './artifact-manifest';
export { loadModel, type LoadedModel } from './load-model';
