import { KMeans, type KMeansJSON } from '../clustering/kmeans';
import { MlArtifactError } from '../errors/ml-input.error';
import type { ColumnType } from '../frame/column-types';
import { TabularPreprocessor, type TabularPreprocessorJSON } from '../preprocessing/tabular-preprocessor';
import { decodeJsonContainer, encodeJsonContainer, isObject } from './json-container';

export const CLUSTER_ARTIFACT_FORMAT_VERSION = 1;
/** "FSMK": a k-means segmentation in the JSON container (see json-container.ts). */
export const CLUSTER_ARTIFACT_MAGIC = [0x46, 0x53, 0x4d, 0x4b] as const;

export interface ClusterModelInfo {
  readonly task: 'clustering';
  readonly algorithm: 'kmeans';
  readonly features: readonly { readonly name: string; readonly type: ColumnType }[];
  readonly k: number;
}

export interface ClusterArtifact {
  readonly formatVersion: typeof CLUSTER_ARTIFACT_FORMAT_VERSION;
  readonly info: ClusterModelInfo;
  readonly preprocessing: TabularPreprocessorJSON;
  readonly model: KMeansJSON;
  /** Held-out: silhouette (and the share of rows per cluster). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly baseline: { readonly algorithm: 'random'; readonly metrics: Readonly<Record<string, number>> };
  readonly candidates: readonly { readonly algorithm: string; readonly validation: Readonly<Record<string, number>> }[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly trainingData: { readonly rows: number; readonly hash: string };
  readonly createdAt: string;
}

export function encodeClusterArtifact(artifact: ClusterArtifact): Uint8Array {
  return encodeJsonContainer(CLUSTER_ARTIFACT_MAGIC, CLUSTER_ARTIFACT_FORMAT_VERSION, artifact);
}

/** Serves a segmentation: each row's cluster (nearest centroid in the training's standardised space). */
export class ClusterModel {
  readonly info: ClusterModelInfo;

  private constructor(
    info: ClusterModelInfo,
    private readonly preprocessor: TabularPreprocessor,
    private readonly kmeans: KMeans,
  ) {
    this.info = Object.freeze({ ...info, features: Object.freeze(info.features.map((f) => Object.freeze({ ...f }))) });
  }

  static fromBytes(bytes: Uint8Array): ClusterModel {
    const fail = (why: string): never => {
      throw new MlArtifactError(`Not a Foresight clustering artifact: ${why}`);
    };
    const a = decodeJsonContainer(bytes, CLUSTER_ARTIFACT_MAGIC, CLUSTER_ARTIFACT_FORMAT_VERSION, fail);
    const info = a['info'];
    if (!isObject(info) || info['task'] !== 'clustering' || info['algorithm'] !== 'kmeans') return fail('info must describe a kmeans clustering');
    if (!Array.isArray(info['features'])) return fail('info.features must be a list');
    const preprocessor = TabularPreprocessor.fromJSON(a['preprocessing']);
    const kmeans = KMeans.fromJSON(a['model']);
    if (kmeans.cols !== preprocessor.cols) fail(`the centroids have ${kmeans.cols} columns but the preprocessing produces ${preprocessor.cols}`);
    if (kmeans.k !== info['k']) fail('info.k does not match the centroids');
    return new ClusterModel(info as unknown as ClusterModelInfo, preprocessor, kmeans);
  }

  /** Cluster index (0 … k−1) per row; never throws on content (missing values are imputed as in training). */
  predict(rows: readonly unknown[]): Float64Array {
    return Float64Array.from(this.kmeans.predict(this.preprocessor.transform(rows)));
  }
}
