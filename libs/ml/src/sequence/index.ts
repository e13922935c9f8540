/**
 * Sequence models: an LSTM over variable-length event sequences (padded and masked), trained
 * with TensorFlow.js, predicting on typed arrays, saved as an FSMQ artifact.
 */
export { padSequences, stepStatistics, standardiseSteps, type Sequence, type SequenceBatch } from './sequence-batch';
export { lstmForward, initialLstmWeights, assertLstmWeights, type LstmWeights } from './lstm-network';
export {
  resolveSequenceParams,
  DEFAULT_SEQUENCE_PARAMS,
  SEQUENCE_PARAM_LIMITS,
  type SequenceModelParams,
  type ResolvedSequenceModelParams,
  type SequenceTask,
} from './sequence-params';
export { SequenceModel, type SequenceModelState, type SequenceEpoch } from './sequence-model';
export { fitSequenceModel, type SequenceTrainingHooks } from './fit-sequence-model';
export { encodeSequenceArtifact, decodeSequenceArtifact, SEQUENCE_ARTIFACT_MAGIC, SEQUENCE_ARTIFACT_VERSION } from './sequence-artifact';
