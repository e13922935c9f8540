import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class TrainingJobNotFoundException extends DomainException {
  constructor(id: string) {
    super(ErrorCode.TrainingJobNotFound, `Training job ${id} does not exist`);
  }
}
