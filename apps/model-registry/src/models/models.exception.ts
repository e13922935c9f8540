import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class ModelNotFoundException extends DomainException {
  constructor(model: string) {
    super(ErrorCode.ModelNotFound, `Model "${model}" does not exist`);
  }
}

export class ModelNotDeployedException extends DomainException {
  constructor(model: string) {
    super(ErrorCode.ModelNotDeployed, `Model "${model}" has no active deployment`);
  }
}

export class ArtifactNotFoundException extends DomainException {
  constructor(digest: string) {
    super(ErrorCode.ArtifactNotFound, `Artifact ${digest} does not exist`);
  }
}

export class ModelVersionNotFoundException extends DomainException {
  constructor(model: string, version: number) {
    super(ErrorCode.ModelNotFound, `Model "${model}" has no version ${version}`);
  }
}
