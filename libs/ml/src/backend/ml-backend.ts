import { dirname } from 'node:path';
import { tfjs } from './tfjs';

/** The TensorFlow.js backend training runs on, best first. */
export type MlBackend = 'tensorflow' | 'wasm' | 'cpu';

let chosen: MlBackend | undefined;
let pending: Promise<MlBackend> | undefined;

/**
 * Picks the fastest TensorFlow.js backend that loads here, once per process: native
 * libtensorflow through `@tensorflow/tfjs-node` when it is installed (an optional extra: its
 * install downloads binaries), else the WebAssembly backend (XNNPACK, SIMD when the CPU has it),
 * else the pure-JavaScript `cpu` backend. Idempotent: later calls return the first answer.
 */
export function initMlBackend(): Promise<MlBackend> {
  pending ??= choose().then((name) => (chosen = name));
  return pending;
}

/** The backend `initMlBackend` chose, or undefined before it has finished. */
export function currentMlBackend(): MlBackend | undefined {
  return chosen;
}

async function choose(): Promise<MlBackend> {
  const tf = tfjs();
  if (tryRequire('@tensorflow/tfjs-node') && (await trySetBackend('tensorflow'))) return 'tensorflow';
  const wasm = tryRequire('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm') | undefined;
  if (wasm) {
    // Point the loader at the .wasm files inside the npm package, by file path: with no prefix
    // the Emscripten glue resolves them relative to whichever script loaded it, which breaks as
    // soon as the code is bundled or run from another directory, and never fetches anything.
    try {
      wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    } catch {
      // setWasmPaths refuses after the backend initialised; the paths are already set then.
    }
    if (await trySetBackend('wasm')) return 'wasm';
  }
  if (await trySetBackend('cpu')) return 'cpu';
  throw new Error(`No TensorFlow.js backend could start (current: ${tf.getBackend()})`);
}

function tryRequire(id: string): unknown {
  try {
    return require(id) as unknown;
  } catch {
    return undefined;
  }
}

async function trySetBackend(name: string): Promise<boolean> {
  const tf = tfjs();
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}
