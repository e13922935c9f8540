/**
 * Plain-typed-array form of a stack of dense layers, and its forward pass. This is what a
 * serving process runs per request: no tensors, no backend, no kernel dispatch.
 */

export type DenseActivation = 'relu' | 'linear';

/** y = act(x·W + b) with W stored row-major as `inputs × units` (kernel[i·units + j]), as tfjs and Keras store it. */
export interface DenseLayerWeights {
  readonly inputs: number;
  readonly units: number;
  readonly activation: DenseActivation;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

export type DenseNetworkWeights = readonly DenseLayerWeights[];

/** Checks that consecutive layers fit together and buffers have the declared sizes. */
export function assertDenseNetwork(layers: DenseNetworkWeights): void {
  if (layers.length === 0) throw new RangeError('a dense network needs at least one layer');
  layers.forEach((l, k) => {
    if (l.activation !== 'relu' && l.activation !== 'linear') throw new RangeError(`layer ${k}: unknown activation`);
    if (!(l.inputs > 0 && l.units > 0 && Number.isInteger(l.inputs) && Number.isInteger(l.units)))
      throw new RangeError(`layer ${k}: inputs and units must be positive integers`);
    if (l.kernel.length !== l.inputs * l.units) throw new RangeError(`layer ${k}: kernel must hold inputs × units values`);
    if (l.bias.length !== l.units) throw new RangeError(`layer ${k}: bias must hold units values`);
    if (k > 0 && layers[k - 1].units !== l.inputs) throw new RangeError(`layer ${k}: inputs must equal the previous layer's units`);
  });
}

interface PreparedLayer {
  readonly inputs: number;
  readonly units: number;
  readonly relu: boolean;
  /** Kernel transposed to units × inputs, so each output is a dot product over contiguous memory. */
  readonly kernelT: Float64Array;
  readonly bias: Float64Array;
}

/**
 * A dense network prepared for fast forward passes on one CPU core in plain JavaScript.
 * Weights are transposed and widened to float64 once, so every buffer the hot loop touches has
 * the same element type (V8 keeps the loop monomorphic) and each output unit is a dot product
 * over contiguous memory. Rows are processed four at a time so each weight loaded from memory
 * serves four multiply-adds. Accumulation is in double precision, so results differ from
 * float32 tfjs by float32 rounding only.
 */
export class DenseNetwork {
  private constructor(private readonly layers: readonly PreparedLayer[]) {}

  static fromWeights(layers: DenseNetworkWeights): DenseNetwork {
    assertDenseNetwork(layers);
    return new DenseNetwork(
      layers.map(({ inputs, units, activation, kernel, bias }) => {
        const kernelT = new Float64Array(inputs * units);
        for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) kernelT[j * inputs + i] = kernel[i * units + j];
        return { inputs, units, relu: activation === 'relu', kernelT, bias: Float64Array.from(bias) };
      }),
    );
  }

  get inputs(): number {
    return this.layers[0].inputs;
  }

  get outputs(): number {
    return this.layers[this.layers.length - 1].units;
  }

  /** rows × outputs results for `rows` inputs stored row-major in `input` (rows × inputs values). */
  forward(input: ArrayLike<number>, rows: number): Float64Array {
    if (input.length !== rows * this.inputs) throw new RangeError(`input must hold rows × ${this.inputs} values`);
    let current: Float64Array = Float64Array.from(input);
    for (const layer of this.layers) current = forwardLayer(current, rows, layer);
    return current;
  }
}

function forwardLayer(x: Float64Array, rows: number, layer: PreparedLayer): Float64Array {
  const { inputs: width, units, relu, kernelT: k, bias } = layer;
  const out = new Float64Array(rows * units);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = r * width;
    const x1 = x0 + width;
    const x2 = x1 + width;
    const x3 = x2 + width;
    const o = r * units;
    for (let j = 0; j < units; j++) {
      const b = bias[j];
      let a0 = b;
      let a1 = b;
      let a2 = b;
      let a3 = b;
      const w = j * width;
      for (let i = 0; i < width; i++) {
        const kw = k[w + i];
        a0 += x[x0 + i] * kw;
        a1 += x[x1 + i] * kw;
        a2 += x[x2 + i] * kw;
        a3 += x[x3 + i] * kw;
      }
      out[o + j] = relu && a0 < 0 ? 0 : a0;
      out[o + units + j] = relu && a1 < 0 ? 0 : a1;
      out[o + 2 * units + j] = relu && a2 < 0 ? 0 : a2;
      out[o + 3 * units + j] = relu && a3 < 0 ? 0 : a3;
    }
  }
  for (; r < rows; r++) {
    const x0 = r * width;
    const o = r * units;
    for (let j = 0; j < units; j++) {
      // Four partial sums break the dependency chain of a single accumulator.
      let a0 = bias[j];
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      const w = j * width;
      let i = 0;
      for (; i + 4 <= width; i += 4) {
        a0 += x[x0 + i] * k[w + i];
        a1 += x[x0 + i + 1] * k[w + i + 1];
        a2 += x[x0 + i + 2] * k[w + i + 2];
        a3 += x[x0 + i + 3] * k[w + i + 3];
      }
      for (; i < width; i++) a0 += x[x0 + i] * k[w + i];
      const a = a0 + a1 + (a2 + a3);
      out[o + j] = relu && a < 0 ? 0 : a;
    }
  }
  return out;
}

/** One-off forward pass; for repeated calls keep a `DenseNetwork.fromWeights(layers)`. */
export function denseForward(layers: DenseNetworkWeights, input: ArrayLike<number>, rows: number): Float64Array {
  return DenseNetwork.fromWeights(layers).forward(input, rows);
}
