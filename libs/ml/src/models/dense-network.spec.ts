import { mulberry32 } from '../random/prng';
import { assertDenseNetwork, DenseNetwork, denseForward, type DenseLayerWeights } from './dense-network';

describe('denseForward', () => {
  // Layer 1: W1 = [[1, −1], [2, 0.5]] (rows = inputs), b1 = [0, −1], ReLU.
  // Layer 2: W2 = [[0.5], [3]], b2 = [1], linear.
  const layers: DenseLayerWeights[] = [
    { inputs: 2, units: 2, activation: 'relu', kernel: Float32Array.from([1, -1, 2, 0.5]), bias: Float32Array.from([0, -1]) },
    { inputs: 2, units: 1, activation: 'linear', kernel: Float32Array.from([0.5, 3]), bias: Float32Array.from([1]) },
  ];

  it('computes act(x·W + b) layer by layer', () => {
    // x = [1, 2]: h = relu([1 + 4 + 0, −1 + 1 − 1]) = [5, 0]; y = 5·0.5 + 0·3 + 1 = 3.5
    // x = [0, 0]: h = relu([0, −1]) = [0, 0]; y = 1
    // x = [−1, 1]: h = relu([−1 + 2, 1 + 0.5 − 1]) = [1, 0.5]; y = 0.5 + 1.5 + 1 = 3
    const out = denseForward(layers, Float32Array.from([1, 2, 0, 0, -1, 1]), 3);
    expect(Array.from(out)).toEqual([3.5, 1, 3]);
  });

  it('gives the textbook result on the four-rows-at-a-time path and the remainder path alike', () => {
    const rng = mulberry32(3);
    const sizes = [7, 5, 3, 1];
    const random = (n: number) => Float32Array.from({ length: n }, () => rng() * 2 - 1);
    const net: DenseLayerWeights[] = sizes.slice(1).map((units, k) => ({
      inputs: sizes[k],
      units,
      activation: k < 2 ? 'relu' : 'linear',
      kernel: random(sizes[k] * units),
      bias: random(units),
    }));
    const rows = 11; // two blocks of four, then three single rows
    const input = random(rows * 7);
    // Textbook definition, one row and one unit at a time.
    const expected = Array.from({ length: rows }, (_, r) => {
      let h = Array.from(input.subarray(r * 7, r * 7 + 7));
      for (const l of net) {
        h = Array.from({ length: l.units }, (_, j) => {
          const a = h.reduce((s, x, i) => s + x * l.kernel[i * l.units + j], l.bias[j]);
          return l.activation === 'relu' ? Math.max(0, a) : a;
        });
      }
      return h[0];
    });
    const network = DenseNetwork.fromWeights(net);
    const actual = network.forward(input, rows);
    expected.forEach((y, r) => expect(actual[r]).toBeCloseTo(y, 12));
    expect(network.forward(input.subarray(7 * 4, 7 * 5), 1)[0]).toBeCloseTo(actual[4], 12);
  });

  it('rejects inputs of the wrong width and inconsistent layers', () => {
    expect(() => denseForward(layers, Float32Array.from([1, 2, 3]), 1)).toThrow(RangeError);
    expect(() => assertDenseNetwork([layers[0], { ...layers[1], inputs: 3, kernel: new Float32Array(3) }])).toThrow(/previous layer/);
    expect(() => assertDenseNetwork([{ ...layers[0], bias: new Float32Array(1) }])).toThrow(/bias/);
  });
});
