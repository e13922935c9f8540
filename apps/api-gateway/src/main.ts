// Telemetry first: everything it instruments (http, express, kafkajs, ioredis, pg) is loaded
// only after it has started, by the dynamic import below.
import { startTelemetry } from '@foresight/platform/telemetry';

startTelemetry('api-gateway');
void import('./bootstrap').then((m) => m.bootstrap());
