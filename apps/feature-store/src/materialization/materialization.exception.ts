import { ValidationException } from '@foresight/platform';

/** Stream-sourced views are kept current by the streaming consumer; there is no dataset to read. */
export class StreamSourcedViewException extends ValidationException {
  constructor(view: string, version: number, stream: string) {
    super(`Feature view "${view}" version ${version} reads the stream "${stream}": the streaming consumer maintains it, only dataset-sourced views are materialized`, [
      { path: 'view', message: 'is stream-sourced' },
    ]);
  }
}
