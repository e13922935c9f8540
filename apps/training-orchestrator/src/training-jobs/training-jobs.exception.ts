import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class TrainingJobNotFoundException extends DomainException {
  constructor(id: string) {
    super(ErrorCode.TrainingJobNotFound, `Training job ${id} does not exist`);
  }
}

export class TrainingJobFinishedException extends DomainException {
  constructor(id: string, status: string) {
    super(ErrorCode.Conflict, `Training job ${id} has already ${status === 'cancelled' ? 'been cancelled' : status}`);
  }
}
