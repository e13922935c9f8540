import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class FeatureStatisticsNotFoundException extends DomainException {
  constructor(view: string, version: number) {
    super(ErrorCode.NotFound, `Feature view "${view}" version ${version} has no statistics yet: they are computed when it is materialized`);
  }
}
