export { initMlBackend, currentMlBackend, type MlBackend } from './ml-backend';
