export const KAFKA = Symbol('KAFKA');

/** Headers the platform sets on every message (besides the trace context). */
export const KafkaHeaders = {
  TenantId: 'x-tenant-id',
  MessageType: 'x-message-type',
  DlqReason: 'x-dlq-reason',
  DlqSourceTopic: 'x-dlq-source-topic',
  DlqSourcePartition: 'x-dlq-source-partition',
  DlqSourceOffset: 'x-dlq-source-offset',
  DlqConsumerGroup: 'x-dlq-consumer-group',
  DlqAttempts: 'x-dlq-attempts',
  DlqFailedAt: 'x-dlq-failed-at',
} as const;
