import { checkIntegerParam, checkNumberParam } from '../models/linear/fit-summary';
import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { checkFiniteMatrix } from './check-matrix';
import { SortedNeighbourIndex } from './sorted-neighbour-index';

export interface DbscanOptions {
  /** Neighbourhood radius ε (Euclidean); a row at distance exactly ε is a neighbour. */
  readonly eps: number;
  /** Rows within ε, the row itself included, that make a row a core point (the paper's MinPts). */
  readonly minSamples?: number;
}

export const DEFAULT_DBSCAN_MIN_SAMPLES = 5;

/** Label of a row that is neither a core point nor within ε of one. */
export const DBSCAN_NOISE = -1;

export interface DbscanResult {
  /** Cluster of each row, 0 … nClusters − 1, or −1 for noise. */
  readonly labels: Int32Array;
  /** 1 for core points: at least minSamples rows within ε. */
  readonly isCore: Uint8Array;
  readonly nClusters: number;
  readonly nNoise: number;
}

/**
 * DBSCAN (Ester, Kriegel, Sander & Xu 1996, "A density-based algorithm for discovering clusters
 * in large spatial databases with noise", KDD): a cluster is a maximal set of density-connected
 * rows — core points (≥ minSamples rows within ε, itself included) chained by ε-steps, plus the
 * border rows within ε of a core point. Everything else is noise (−1). Clusters may take any
 * shape, and k need not be given.
 *
 * Labelling is deterministic and depends only on row order: clusters are numbered by their
 * lowest-indexed core point, and a border row within ε of cores from several clusters joins the
 * lowest-numbered (the one expanded first) — the paper's algorithm visiting rows in index order.
 *
 * Each row's ε-neighbourhood is found once, through a SortedNeighbourIndex: O(n log n) plus
 * O(d · Σ slab sizes) — close to O(n·d·average neighbours) on spread-out data, O(n²·d) at worst
 * (ε as wide as the data). Memory O(n). Meant for up to some 20 000 rows; for more, subsample
 * or use a spatial index.
 */
export function dbscan(x: RowMajorMatrix, options: DbscanOptions): DbscanResult {
  const eps = checkNumberParam('eps', options.eps, Number.MIN_VALUE);
  const minSamples = checkIntegerParam('minSamples', options.minSamples ?? DEFAULT_DBSCAN_MIN_SAMPLES, 1, 1_000_000);
  checkFiniteMatrix('dbscan', x);
  const n = x.rows;
  const UNVISITED = -2;
  const labels = new Int32Array(n).fill(UNVISITED);
  const isCore = new Uint8Array(n);
  const index = new SortedNeighbourIndex(x);
  const neighbours = new Uint32Array(n);
  // Rows enter the queue only when they are first labelled, so it never holds a row twice.
  const queue = new Uint32Array(n);
  let nClusters = 0;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== UNVISITED) continue;
    const count = index.within(start, eps, neighbours);
    if (count < minSamples) {
      labels[start] = DBSCAN_NOISE; // may still become a border row of a later cluster
      continue;
    }
    const cluster = nClusters++;
    labels[start] = cluster;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    while (head < tail) {
      const p = queue[head++];
      const m = p === start ? count : index.within(p, eps, neighbours);
      if (m < minSamples) continue; // a border row: in the cluster, but it does not extend it
      isCore[p] = 1;
      for (let t = 0; t < m; t++) {
        const q = neighbours[t];
        if (labels[q] === UNVISITED) {
          labels[q] = cluster;
          queue[tail++] = q;
        } else if (labels[q] === DBSCAN_NOISE) {
          labels[q] = cluster; // already known not to be core
        }
      }
    }
  }
  let nNoise = 0;
  for (let i = 0; i < n; i++) if (labels[i] === DBSCAN_NOISE) nNoise++;
  return { labels, isCore, nClusters, nNoise };
}
