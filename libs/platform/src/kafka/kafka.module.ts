import { DynamicModule, Global, Module } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/load-config';
import { EventConsumers } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { KAFKA } from './kafka.tokens';

const kafkaLogger = new Logger('kafkajs');
const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

@Global()
@Module({})
export class KafkaModule {
  static forService(clientId: string): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        {
          provide: KAFKA,
          inject: [APP_CONFIG],
          useFactory: (config: { KAFKA_BROKERS: string[] }) =>
            new Kafka({
              clientId,
              brokers: config.KAFKA_BROKERS,
              connectionTimeout: 3000,
              retry: { retries: 8, initialRetryTime: 200 },
              logLevel: logLevel.WARN,
              // kafkajs logs through Nest's logger (pino) so its lines carry the service fields.
              logCreator: () => ({ level, log }) => {
                const { message, ...extra } = log;
                kafkaLogger[LEVELS[level] ?? 'log']({ ...extra, msg: message });
              },
            }),
        },
        EventPublisher,
        EventConsumers,
      ],
      exports: [KAFKA, EventPublisher, EventConsumers],
    };
  }
}
