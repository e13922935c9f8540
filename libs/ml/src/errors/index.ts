export { MlInputError, MlInputErrorCode, MlArtifactError } from './ml-input.error';
