import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class FeatureViewNotFoundException extends DomainException {
  constructor(name: string, version?: number) {
    super(ErrorCode.NotFound, version ? `Feature view "${name}" has no version ${version}` : `Feature view "${name}" does not exist`);
  }
}

export class FeatureServiceNotFoundException extends DomainException {
  constructor(name: string) {
    super(ErrorCode.NotFound, `Feature service "${name}" does not exist`);
  }
}

export class FeatureServiceConflictException extends DomainException {
  constructor(name: string) {
    super(ErrorCode.Conflict, `Feature service "${name}" already exists with a different definition; feature services are immutable, create one under a new name`);
  }
}
