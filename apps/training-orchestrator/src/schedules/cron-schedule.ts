import { CronExpressionParser } from 'cron-parser';
import { ValidationException } from '@foresight/platform';

/**
 * The first time `cron` fires strictly after `after`, reading its fields in `timezone`
 * (daylight-saving gaps and repeats as cron-parser resolves them). Throws a ValidationException
 * naming `cron` when the expression does not parse or never fires.
 */
export function nextCronRun(cron: string, timezone: string, after: Date): Date {
  let next: Date;
  try {
    next = CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationException(`Invalid cron expression "${cron}": ${reason}`, [{ path: 'cron', message: reason }]);
  }
  if (Number.isNaN(next.getTime())) throw new ValidationException(`Cron expression "${cron}" never fires`, [{ path: 'cron', message: 'never fires' }]);
  return next;
}
