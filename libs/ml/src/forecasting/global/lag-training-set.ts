import type { CalendarFrequency } from './calendar-features';
import { timeOfIndex } from './calendar-features';
import { lagFeatureNames, minimumHistory, writeLagFeatures, type LagFeatureSpec } from './lag-features';

/** The series of a panel as the features see them, with what each row needs besides its history. */
export interface LagPanel {
  readonly spec: LagFeatureSpec;
  /** Series values (after any scaling). */
  readonly series: readonly Float64Array[];
  /** One static value per series (its encoding), used when spec.staticFeature. */
  readonly statics: ArrayLike<number>;
  /** Epoch-ms time of each series' first value, with the frequency of the calendar features. */
  readonly starts: readonly number[] | null;
  readonly frequency: CalendarFrequency | null;
}

/** A row-major training matrix with its targets and where each row came from. */
export interface LagTrainingSet {
  readonly x: Float32Array;
  readonly y: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly seriesIndex: Uint32Array;
  readonly origin: Uint32Array;
}

/** Writes the row of series `index` for the target `step` values after the end of `history` (a prefix of the series, or of its extension by forecasts). */
export function writePanelRow(panel: LagPanel, index: number, history: Float64Array, step: number, out: Float32Array, offset: number): void {
  const time = panel.starts && panel.frequency ? timeOfIndex(panel.starts[index], history.length + step - 1, panel.frequency) : 0;
  writeLagFeatures(history, step, panel.spec, time, panel.statics[index], out, offset);
}

/**
 * Every (series, origin) row whose target lies `step` values after the origin, origins from
 * `minimumHistory(spec)` on. The target is y_τ, or y_τ − y_{origin−1} with `differencing`.
 * Each row's features are written from the prefix that ends at its origin, never the whole series.
 */
export function buildLagTrainingSet(panel: LagPanel, step: number, differencing: boolean): LagTrainingSet {
  const cols = lagFeatureNames(panel.spec).length;
  const first = minimumHistory(panel.spec);
  let rows = 0;
  for (const s of panel.series) rows += Math.max(0, s.length - step + 1 - first);
  const x = new Float32Array(rows * cols);
  const y = new Float64Array(rows);
  const seriesIndex = new Uint32Array(rows);
  const origins = new Uint32Array(rows);
  let r = 0;
  panel.series.forEach((s, i) => {
    for (let origin = first; origin + step - 1 < s.length; origin++, r++) {
      writePanelRow(panel, i, s.subarray(0, origin), step, x, r * cols);
      y[r] = s[origin + step - 1] - (differencing ? s[origin - 1] : 0);
      seriesIndex[r] = i;
      origins[r] = origin;
    }
  });
  return { x, y, rows, cols, seriesIndex, origin: origins };
}
