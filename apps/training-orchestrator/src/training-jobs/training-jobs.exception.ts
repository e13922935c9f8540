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

export class TrainingDatasetTooLargeException extends DomainException {
  constructor(rows: number, limit: number) {
    super(ErrorCode.PayloadTooLarge, `The dataset has ${rows} rows; a training job may bring at most ${limit} (TRAINING_MAX_ROWS)`);
  }
}
