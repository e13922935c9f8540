import { z } from 'zod';
import { MonitoringAlertKindSchema } from '../messaging/messages/monitoring';

/**
 * 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first, or an @-alias
 * (@hourly, @daily, @weekly, @monthly, @yearly…). Field values are checked by the orchestrator's
 * cron parser; this only catches what is plainly not a cron line.
 */
export const CronExpressionSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine((s) => s.startsWith('@') || [5, 6].includes(s.split(/\s+/).length), {
    message: 'must have 5 fields (minute hour day month weekday), 6 with seconds first, or be an alias such as @daily',
  });

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const TimeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris');

/**
 * A training job request without `model` (the model is the one in the path). Its fields are
 * checked against the training job schema when the schedule or policy is stored, and again when
 * each job is submitted. A dataset reference is kept as given, so each run trains on the data
 * the reference points at then.
 */
export const RetrainingJobSchema = z
  .record(z.string(), z.unknown())
  .refine((job) => !Object.prototype.hasOwnProperty.call(job, 'model'), 'must not name the model: it is the one in the path');

export const CreateRetrainingScheduleSchema = z
  .object({
    cron: CronExpressionSchema,
    /** The zone the cron fields are read in (default UTC), daylight-saving changes included. */
    timezone: TimeZoneSchema.default('UTC'),
    job: RetrainingJobSchema,
  })
  .strict();
export type CreateRetrainingSchedule = z.infer<typeof CreateRetrainingScheduleSchema>;

/** Longest cooldown a policy may set: 30 days. */
export const MAX_COOLDOWN_SECONDS = 30 * 24 * 3600;
const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds, or a duration such as "90s", "15m", "6h", "1d". */
export const CooldownSchema = z
  .union([z.number().int(), z.string().regex(/^\d{1,7}[smhd]$/, 'must be seconds or a duration such as "15m", "6h" or "1d"')])
  .transform((v) => (typeof v === 'number' ? v : Number(v.slice(0, -1)) * DURATION_UNITS[v.slice(-1)]!))
  .pipe(z.number().int().min(0, 'must not be negative').max(MAX_COOLDOWN_SECONDS, 'must be at most 30 days'));

export const RetrainingPolicyRequestSchema = z
  .object({
    /** Alert kinds that start a job. */
    onAlerts: z
      .array(MonitoringAlertKindSchema)
      .min(1, 'needs at least one alert kind')
      .refine((kinds) => new Set(kinds).size === kinds.length, 'must not repeat a kind'),
    job: RetrainingJobSchema,
    /** After a job was started, further alerts on the model start none for this long (default 1 h). */
    cooldown: CooldownSchema.default(3600),
  })
  .strict();
export type RetrainingPolicyRequest = z.infer<typeof RetrainingPolicyRequestSchema>;

/** What started a training job when no user did; recorded on the job. */
export const RetrainingTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('schedule'), scheduleId: z.uuid(), dueAt: z.iso.datetime() }),
  z.object({
    kind: z.literal('alert'),
    /** The alert message's id (its envelope id). */
    alertId: z.string(),
    alert: MonitoringAlertKindSchema,
    metric: z.string(),
    value: z.number(),
    threshold: z.number(),
    detectedAt: z.string(),
  }),
]);
export type RetrainingTrigger = z.infer<typeof RetrainingTriggerSchema>;

export interface RetrainingScheduleView {
  id: string;
  model: string;
  cron: string;
  timezone: string;
  job: Record<string, unknown>;
  nextRunAt: string;
  lastRunAt: string | null;
  /** The training job the last run submitted. */
  lastJobId: string | null;
  createdAt: string;
}

export interface RetrainingPolicyView {
  model: string;
  onAlerts: string[];
  job: Record<string, unknown>;
  cooldownSeconds: number;
  lastTriggeredAt: string | null;
  lastJobId: string | null;
  createdAt: string;
  updatedAt: string;
}
