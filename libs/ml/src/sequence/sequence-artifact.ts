import { createHash } from 'node:crypto';
import { MlArtifactError } from '../errors/ml-input.error';
import { assertLstmWeights, LSTM_TENSORS, lstmTensorSizes, type LstmWeights } from './lstm-network';
import { SequenceModel, type SequenceModelState } from './sequence-model';
import { resolveSequenceParams } from './sequence-params';

/**
 * Binary layout of a sequence model artifact, the FSML layout of the MLP (artifact-codec.ts)
 * with its own magic so neither loader mistakes the other's files (integers unsigned 32-bit
 * little-endian):
 *
 *   0   magic "FSMQ" (46 53 4D 51)
 *   4   format version (1)
 *   8   H = byte length of the header
 *   12  W = byte length of the weights
 *   16  header: UTF-8 JSON of the model's configuration (everything but the weights) and the
 *       SHA-256 of the weight block, padded with spaces to a multiple of 4
 *   16+H weights: kernel, recurrentKernel, bias, headKernel, headBias as float32 little-endian
 *
 * Float32 bits are copied, not printed, so a reloaded model predicts exactly as the original.
 */
export const SEQUENCE_ARTIFACT_MAGIC = [0x46, 0x53, 0x4d, 0x51] as const;
export const SEQUENCE_ARTIFACT_VERSION = 1;
const PREAMBLE_BYTES = 16;

type SequenceHeader = Omit<SequenceModelState, 'weights'> & {
  readonly format: 'foresight-lstm';
  readonly features: number;
  readonly units: number;
  readonly outputs: number;
  readonly weightsSha256: string;
};

export function encodeSequenceArtifact(model: SequenceModel): Uint8Array {
  const { weights, ...config } = model.state;
  assertLstmWeights(weights);
  const floats = LSTM_TENSORS.reduce((n, name) => n + weights[name].length, 0);
  const block = new Uint8Array(floats * 4);
  const view = new DataView(block.buffer);
  let at = 0;
  for (const name of LSTM_TENSORS) for (const v of weights[name]) view.setFloat32(4 * at++, v, true);
  const header: SequenceHeader = {
    format: 'foresight-lstm',
    ...config,
    features: weights.features,
    units: weights.units,
    outputs: weights.outputs,
    weightsSha256: sha256(block),
  };
  const raw = new TextEncoder().encode(JSON.stringify(header));
  const json = new Uint8Array(Math.ceil(raw.length / 4) * 4).fill(0x20);
  json.set(raw);
  const out = new Uint8Array(PREAMBLE_BYTES + json.length + block.length);
  const preamble = new DataView(out.buffer);
  out.set(SEQUENCE_ARTIFACT_MAGIC, 0);
  preamble.setUint32(4, SEQUENCE_ARTIFACT_VERSION, true);
  preamble.setUint32(8, json.length, true);
  preamble.setUint32(12, block.length, true);
  out.set(json, PREAMBLE_BYTES);
  out.set(block, PREAMBLE_BYTES + json.length);
  return out;
}

/** Reads bytes written by `encodeSequenceArtifact`; throws MlArtifactError on anything else, including a corrupted weight block. */
export function decodeSequenceArtifact(bytes: Uint8Array): SequenceModel {
  const fail = (why: string): never => {
    throw new MlArtifactError(`Not a Foresight sequence model artifact: ${why}`);
  };
  if (!(bytes instanceof Uint8Array) || bytes.length < PREAMBLE_BYTES) return fail('too short');
  if (SEQUENCE_ARTIFACT_MAGIC.some((b, i) => bytes[i] !== b)) fail('bad magic bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4, true) !== SEQUENCE_ARTIFACT_VERSION) fail(`format version ${view.getUint32(4, true)}, this library reads ${SEQUENCE_ARTIFACT_VERSION}`);
  const headerBytes = view.getUint32(8, true);
  const weightBytes = view.getUint32(12, true);
  if (PREAMBLE_BYTES + headerBytes + weightBytes !== bytes.length) fail('length does not match its preamble');
  let header: SequenceHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerBytes))) as SequenceHeader;
  } catch {
    return fail('header is not UTF-8 JSON');
  }
  if (header === null || typeof header !== 'object' || header.format !== 'foresight-lstm') fail('header does not describe an LSTM');
  const block = bytes.subarray(PREAMBLE_BYTES + headerBytes);
  if (sha256(block) !== header.weightsSha256) fail('weights do not match their checksum');
  const { features, units, outputs } = header;
  if (![features, units, outputs].every((v) => Number.isInteger(v) && v >= 1)) fail('features, units and outputs must be positive integers');
  const sizes = lstmTensorSizes(features, units, outputs);
  if (LSTM_TENSORS.reduce((n, name) => n + sizes[name], 0) * 4 !== weightBytes) fail('weight block does not match the layer sizes');
  let at = PREAMBLE_BYTES + headerBytes;
  const tensors = Object.fromEntries(
    LSTM_TENSORS.map((name) => {
      const t = new Float32Array(sizes[name]);
      for (let i = 0; i < t.length; i++, at += 4) t[i] = view.getFloat32(at, true);
      return [name, t];
    }),
  ) as Pick<LstmWeights, (typeof LSTM_TENSORS)[number]>;
  const state = checkState(header, { features, units, outputs, ...tensors }, fail);
  return new SequenceModel(state);
}

function checkState(h: SequenceHeader, weights: LstmWeights, fail: (why: string) => never): SequenceModelState {
  let params;
  try {
    params = resolveSequenceParams(h.params);
  } catch (e) {
    return fail(`invalid params (${(e as Error).message})`);
  }
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const scaling = (s: unknown) => s !== null && typeof s === 'object' && finite((s as { mean: unknown }).mean) && finite((s as { std: unknown }).std) && (s as { std: number }).std > 0;
  if (h.task !== params.task) fail('task does not match params');
  if (!Number.isInteger(h.maxLength) || h.maxLength < 1) fail('maxLength must be a positive integer');
  if (h.task === 'classification' ? !(Number.isInteger(h.classes) && h.classes === weights.outputs && h.classes! >= 2) : h.classes !== null || weights.outputs !== 1)
    fail('outputs do not match the task');
  if (!Array.isArray(h.inputScaling) || h.inputScaling.length !== weights.features || !h.inputScaling.every(scaling)) fail('inputScaling must give mean and std per feature');
  if (h.task === 'regression' ? !scaling(h.targetScaling) : h.targetScaling !== null) fail('targetScaling does not match the task');
  if (!Array.isArray(h.history) || !Number.isInteger(h.bestEpoch)) fail('history and bestEpoch are required');
  try {
    assertLstmWeights(weights);
  } catch (e) {
    fail((e as Error).message);
  }
  return {
    params,
    task: h.task,
    maxLength: h.maxLength,
    classes: h.classes,
    inputScaling: h.inputScaling,
    targetScaling: h.targetScaling,
    weights,
    history: h.history,
    bestEpoch: h.bestEpoch,
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
