import { currentMlBackend, initMlBackend } from './ml-backend';
import { tfjs } from './tfjs';

function resolves(id: string): boolean {
  try {
    require.resolve(id);
    return true;
  } catch {
    return false;
  }
}

describe('initMlBackend', () => {
  it('picks tfjs-node when installed, else WebAssembly, loaded from the npm package without network', async () => {
    expect(currentMlBackend()).toBeUndefined();
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    const backend = await initMlBackend();
    expect(backend).toBe(resolves('@tensorflow/tfjs-node') ? 'tensorflow' : 'wasm');
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
    expect(tfjs().getBackend()).toBe(backend);
    expect(currentMlBackend()).toBe(backend);
  });

  it('is idempotent', async () => {
    const first = await initMlBackend();
    await expect(Promise.all([initMlBackend(), initMlBackend()])).resolves.toEqual([first, first]);
  });

  it('computes correctly on the chosen backend', () => {
    const tf = tfjs();
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])).dataSync().slice());
    expect(Array.from(product)).toEqual([19, 22, 43, 50]);
  });
});
