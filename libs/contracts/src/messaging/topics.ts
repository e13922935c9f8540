/**
 * Kafka topic names are part of the platform's public contract: producers, consumers,
 * infrastructure scripts and dashboards all read them from here.
 */
export const Topics = {
  TrainingJobs: 'training.jobs',
  TrainingProgress: 'training.progress',
  TrainingCompleted: 'training.completed',
  ModelsLifecycle: 'models.lifecycle',
  PredictionsLogged: 'predictions.logged',
  FeaturesMaterialized: 'features.materialized',
  FeedbackGroundTruth: 'feedback.ground-truth',
  InteractionsRecorded: 'interactions.recorded',
  MonitoringAlerts: 'monitoring.alerts',
  MonitoringCanaryVerdicts: 'monitoring.canary-verdicts',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/**
 * Business-event streams (`events.<domain>`, payload: messages/events.ts) that streaming feature
 * views aggregate. Created with the platform's topics; the feature store consumes the ones its
 * FEATURE_STREAMS lists (these by default).
 */
export const EventStreams = {
  Orders: 'events.orders',
  Meals: 'events.meals',
} as const;

/** Poison messages of topic `t` are parked on `t.dlq` with the failure reason in headers. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** Every topic the platform needs at start-up, with its dead-letter companion. */
export const ALL_TOPICS: readonly string[] = [...Object.values(Topics), ...Object.values(EventStreams)].flatMap((t) => [t, deadLetterTopic(t)]);

/** Partitions per topic locally; >1 so ordering-by-key and consumer groups are really exercised. */
export const DEFAULT_PARTITIONS = 3;
