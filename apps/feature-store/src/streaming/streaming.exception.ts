import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

/**
 * An event that passed the schema but can never be applied (a view needs a join key it lacks, its
 * timestamp does not parse): a permanent domain error, so the platform consumer dead-letters it at
 * once with this message as the reason instead of retrying, and nothing of it is written.
 */
export class StreamEventRejectedException extends DomainException {
  constructor(reason: string) {
    super(ErrorCode.ValidationFailed, reason);
  }
}
