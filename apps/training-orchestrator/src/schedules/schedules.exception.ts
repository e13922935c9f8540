import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class ScheduleNotFoundException extends DomainException {
  constructor(model: string, id: string) {
    super(ErrorCode.NotFound, `Model "${model}" has no retraining schedule ${id}`);
  }
}

export class TooManySchedulesException extends DomainException {
  constructor(model: string, limit: number) {
    super(ErrorCode.Conflict, `Model "${model}" already has ${limit} retraining schedules; delete one first`);
  }
}
