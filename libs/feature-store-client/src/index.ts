export * from './online-keys';
export * from './online-feature-reader';
export * from './online-feature-writer';
export * from './online-definitions';
export { defineScript } from './online-scripts';
