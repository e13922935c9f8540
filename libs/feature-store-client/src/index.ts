export * from './online-keys';
export * from './online-feature-reader';
