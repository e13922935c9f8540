import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class ExperimentNotFoundException extends DomainException {
  constructor(name: string) {
    super(ErrorCode.NotFound, `Experiment "${name}" does not exist`);
  }
}
