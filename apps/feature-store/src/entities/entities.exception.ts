import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class EntityNotFoundException extends DomainException {
  constructor(name: string) {
    super(ErrorCode.NotFound, `Entity "${name}" does not exist`);
  }
}

export class EntityConflictException extends DomainException {
  constructor(name: string, existing: { joinKeys: string[] }) {
    super(ErrorCode.Conflict, `Entity "${name}" already exists with a different definition (join keys ${existing.joinKeys.join(', ')}); entities are immutable`);
  }
}
