export { MlInputError, MlInputErrorCode, MlArtifactError, MlCancelledError } from './ml-input.error';
