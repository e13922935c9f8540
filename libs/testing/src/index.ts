export * from './test-env';
export * from './tokens';
export * from './otlp-receiver';
export * from './platform-launcher';
export * from './gateway-client';
