/**
 * An LSTM layer followed by a dense output layer, as plain typed arrays, with the forward pass
 * a serving process runs (no tensors, no backend). The cell is the LSTM of Hochreiter &
 * Schmidhuber (Neural Computation 9(8), 1997) with the forget gate of Gers, Schmidhuber &
 * Cummins (2000), in Keras' layout and gate order (i, f, c, o):
 *
 *   z = x_t·W + h_{t−1}·U + b                      W: features × 4u, U: u × 4u, b: 4u
 *   i = σ(z_i)   f = σ(z_f)   g = tanh(z_c)   o = σ(z_o)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g                      h_t = o ⊙ tanh(c_t)
 *
 * A masked (padding) step leaves h and c unchanged, so padding never enters the state. The
 * output is h_T·V + d (V: u × outputs) from the state after the last real step: a value for
 * regression, logits for classification.
 */
import { randomNormal, type Rng } from '../random/prng';

export interface LstmWeights {
  readonly features: number;
  readonly units: number;
  readonly outputs: number;
  /** features × 4·units, row-major. */
  readonly kernel: Float32Array;
  /** units × 4·units, row-major. */
  readonly recurrentKernel: Float32Array;
  /** 4·units. */
  readonly bias: Float32Array;
  /** units × outputs, row-major. */
  readonly headKernel: Float32Array;
  /** outputs. */
  readonly headBias: Float32Array;
}

export const LSTM_TENSORS = ['kernel', 'recurrentKernel', 'bias', 'headKernel', 'headBias'] as const;

/** The length each of the five weight arrays must have. */
export function lstmTensorSizes(features: number, units: number, outputs: number): Record<(typeof LSTM_TENSORS)[number], number> {
  return { kernel: features * 4 * units, recurrentKernel: units * 4 * units, bias: 4 * units, headKernel: units * outputs, headBias: outputs };
}

export function assertLstmWeights(w: LstmWeights): void {
  for (const key of ['features', 'units', 'outputs'] as const)
    if (!(Number.isInteger(w[key]) && w[key] >= 1)) throw new RangeError(`LSTM ${key} must be a positive integer`);
  const sizes = lstmTensorSizes(w.features, w.units, w.outputs);
  for (const name of LSTM_TENSORS) {
    if (!(w[name] instanceof Float32Array) || w[name].length !== sizes[name]) throw new RangeError(`LSTM ${name} must hold ${sizes[name]} float32 values`);
  }
}

/**
 * Keras' initialisation, drawn from our seeded generator so a seed fixes it on every backend:
 * Glorot-uniform input and output kernels (Glorot & Bengio, AISTATS 2010), an orthogonal
 * recurrent kernel (Saxe, McClelland & Ganguli, ICLR 2014: its u rows are orthonormalised
 * Gaussian vectors), zero biases except the forget gate's, which starts at 1 so that the cell
 * remembers by default (Jozefowicz, Zaremba & Sutskever, ICML 2015).
 */
export function initialLstmWeights(features: number, units: number, outputs: number, rng: Rng): LstmWeights {
  const glorot = (fanIn: number, fanOut: number) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return Float32Array.from({ length: fanIn * fanOut }, () => (2 * rng() - 1) * limit);
  };
  const kernel = glorot(features, 4 * units);
  const recurrentKernel = orthonormalRows(units, 4 * units, rng);
  const bias = new Float32Array(4 * units);
  bias.fill(1, units, 2 * units);
  return { features, units, outputs, kernel, recurrentKernel, bias, headKernel: glorot(units, outputs), headBias: new Float32Array(outputs) };
}

/** rows × cols (rows ≤ cols) with orthonormal rows: Gaussian rows through modified Gram–Schmidt. */
function orthonormalRows(rows: number, cols: number, rng: Rng): Float32Array {
  const q = Array.from({ length: rows }, () => Float64Array.from({ length: cols }, () => randomNormal(rng)));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < cols; k++) dot += q[i][k] * q[j][k];
      for (let k = 0; k < cols; k++) q[i][k] -= dot * q[j][k];
    }
    let norm = 0;
    for (let k = 0; k < cols; k++) norm += q[i][k] * q[i][k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < cols; k++) q[i][k] /= norm;
  }
  const out = new Float32Array(rows * cols);
  q.forEach((row, i) => out.set(row, i * cols));
  return out;
}

/**
 * Forward pass over a padded batch (`data` n × maxLength × features, `mask` n × maxLength),
 * returning n × outputs raw outputs. Accumulates in float64, so it differs from float32 tfjs by
 * float32 rounding only, and gives identical results for identical weights and inputs.
 */
export function lstmForward(w: LstmWeights, data: ArrayLike<number>, mask: ArrayLike<number>, count: number, maxLength: number): Float64Array {
  const { features: nf, units: u, outputs } = w;
  if (data.length !== count * maxLength * nf || mask.length !== count * maxLength) throw new RangeError(`input must hold ${count} × ${maxLength} × ${nf} values and a mask of ${count} × ${maxLength}`);
  const g4 = 4 * u;
  const kernel = Float64Array.from(w.kernel);
  const recurrent = Float64Array.from(w.recurrentKernel);
  const out = new Float64Array(count * outputs);
  const h = new Float64Array(u);
  const c = new Float64Array(u);
  const z = new Float64Array(g4);
  for (let s = 0; s < count; s++) {
    h.fill(0);
    c.fill(0);
    for (let t = 0; t < maxLength; t++) {
      if (mask[s * maxLength + t] === 0) continue;
      for (let j = 0; j < g4; j++) z[j] = w.bias[j];
      const x0 = (s * maxLength + t) * nf;
      for (let f = 0; f < nf; f++) {
        const xv = data[x0 + f];
        if (xv === 0) continue;
        const row = f * g4;
        for (let j = 0; j < g4; j++) z[j] += xv * kernel[row + j];
      }
      for (let k = 0; k < u; k++) {
        const hv = h[k];
        if (hv === 0) continue;
        const row = k * g4;
        for (let j = 0; j < g4; j++) z[j] += hv * recurrent[row + j];
      }
      for (let k = 0; k < u; k++) {
        const i = sigmoid(z[k]);
        const f = sigmoid(z[u + k]);
        const g = Math.tanh(z[2 * u + k]);
        const o = sigmoid(z[3 * u + k]);
        c[k] = f * c[k] + i * g;
        h[k] = o * Math.tanh(c[k]);
      }
    }
    for (let j = 0; j < outputs; j++) {
      let a = w.headBias[j];
      for (let k = 0; k < u; k++) a += h[k] * w.headKernel[k * outputs + j];
      out[s * outputs + j] = a;
    }
  }
  return out;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
