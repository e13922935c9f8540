/**
 * Events as the aggregation paths take them, and the lateness rule both apply: an event is
 * accepted when its event time is at or after the watermark (largest event time accepted so far
 * minus the allowed lateness), rejected as too late otherwise.
 */
import { type Instant, instantToMs } from '../time';

export interface AggregationEvent {
  eventTime: Instant;
  values: Readonly<Record<string, unknown>>;
}

export function watermarkOf(maxEventTime: number | null, allowedLatenessMs: number): number {
  return maxEventTime === null ? -Infinity : maxEventTime - allowedLatenessMs;
}

export type Admission = { accepted: true; eventTime: number } | { accepted: false; reason: 'too_late' | 'invalid_event'; detail: string };

/** The one lateness rule, shared by the streaming state and `acceptEvents`. */
export function admit(event: AggregationEvent, maxEventTime: number | null, allowedLatenessMs: number): Admission {
  const eventTime = event && typeof event === 'object' ? instantToMs(event.eventTime) : undefined;
  if (eventTime === undefined || !event.values || typeof event.values !== 'object') {
    return { accepted: false, reason: 'invalid_event', detail: `event time ${JSON.stringify(event?.eventTime)} is not a timestamp or values are missing` };
  }
  const watermark = watermarkOf(maxEventTime, allowedLatenessMs);
  if (eventTime < watermark) {
    return {
      accepted: false,
      reason: 'too_late',
      detail: `event time ${new Date(eventTime).toISOString()} is before the watermark ${new Date(watermark).toISOString()} (latest event ${new Date(maxEventTime!).toISOString()} minus ${allowedLatenessMs} ms allowed lateness)`,
    };
  }
  return { accepted: true, eventTime };
}

export interface RejectedEvent {
  index: number;
  reason: 'too_late' | 'invalid_event';
  detail: string;
}

/**
 * Replays the lateness rule over a log in arrival order: what a streaming consumer with this
 * allowed lateness would have accepted. Feed the accepted events to the batch path when the
 * offline log holds every event that arrived rather than only the accepted ones.
 */
export function acceptEvents<E extends AggregationEvent>(eventsInArrivalOrder: readonly E[], allowedLatenessMs: number): { accepted: E[]; rejected: RejectedEvent[] } {
  const accepted: E[] = [];
  const rejected: RejectedEvent[] = [];
  let maxEventTime: number | null = null;
  eventsInArrivalOrder.forEach((event, index) => {
    const admission = admit(event, maxEventTime, allowedLatenessMs);
    if (!admission.accepted) {
      rejected.push({ index, reason: admission.reason, detail: admission.detail });
      return;
    }
    accepted.push(event);
    maxEventTime = maxEventTime === null ? admission.eventTime : Math.max(maxEventTime, admission.eventTime);
  });
  return { accepted, rejected };
}
