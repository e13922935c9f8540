import type { FieldError, grpc } from '@foresight/contracts';
import { ValidationException } from '@foresight/platform';
import type { AggregationPlan } from '../engine';
import { aggregationPlanOf } from '../materialization/view-source';

/** One feature column of a training set. */
export interface SelectedFeature {
  view: string;
  feature: string;
  /** Column in the training set (set once every selection is known). */
  column: string;
}

/** What a training set reads of one view version. */
export interface ViewSelection {
  view: string;
  version: number;
  entity: string;
  joinKeys: readonly string[];
  ttlMs: number;
  /** Declared (column / expression) features: read as of each row's time. */
  declared: SelectedFeature[];
  /** Aggregate features: computed as of each row's time from the raw inputs the offline rows keep. */
  aggregates: SelectedFeature[];
  plan: AggregationPlan | null;
}

interface ParsedRef {
  view: string;
  version: number;
  feature: string | '*';
}

/** `view`, `view@2`, `view:feature`, `view@2:feature` (the contract has checked the shape). */
export function parseTrainingRef(ref: string): ParsedRef {
  const colon = ref.indexOf(':');
  const head = colon < 0 ? ref : ref.slice(0, colon);
  const [view, version] = head.split('@');
  return { view: view!, version: version ? Number(version) : 0, feature: colon < 0 ? '*' : ref.slice(colon + 1) };
}

/**
 * The selections of `refs`, one per view. `load` returns a view version (404 when it does not
 * exist) and its entity's join keys. A view referenced at two versions, or a feature the view
 * version lacks, is a 400 naming the reference. Columns are the feature names, except where two
 * selected features or an entity-row column share a name: those become `<view>__<feature>`.
 */
export async function selectFeatures(
  refs: readonly string[],
  passthroughColumns: readonly string[],
  load: (view: string, version: number) => Promise<{ view: grpc.FeatureViewVersion; joinKeys: readonly string[] }>,
): Promise<ViewSelection[]> {
  const errors: FieldError[] = [];
  const byView = new Map<string, { version: number; features: Set<string> | '*'; index: number }>();
  refs.forEach((ref, index) => {
    const { view, version, feature } = parseTrainingRef(ref);
    const entry = byView.get(view);
    if (!entry) return void byView.set(view, { version, features: feature === '*' ? '*' : new Set([feature]), index });
    if (entry.version !== version) return void errors.push({ path: `featureViews.${index}`, message: `feature view "${view}" is referenced at two versions; a training set reads one version of each view` });
    if (feature === '*') entry.features = '*';
    else if (entry.features !== '*') entry.features.add(feature);
  });
  if (errors.length) throw invalid(errors);

  const selections: ViewSelection[] = [];
  for (const [name, { version, features, index }] of byView) {
    const { view, joinKeys } = await load(name, version);
    const known = new Map(view.resolvedFeatures.map((f) => [f.name, f.kind]));
    const wanted = features === '*' ? [...known.keys()] : [...features];
    for (const feature of wanted) {
      if (!known.has(feature)) errors.push({ path: `featureViews.${index}`, message: `feature view "${name}" (version ${view.version}) has no feature "${feature}" (it has ${[...known.keys()].join(', ')})` });
    }
    const pick = (aggregate: boolean) => wanted.filter((f) => known.has(f) && (known.get(f) === 'aggregation') === aggregate).map((feature) => ({ view: name, feature, column: feature }));
    const aggregates = pick(true);
    selections.push({
      view: name,
      version: view.version,
      entity: view.entity,
      joinKeys,
      ttlMs: view.ttlMs,
      declared: pick(false),
      aggregates,
      plan: aggregates.length > 0 ? aggregationPlanOf(view.aggregations, new Set(aggregates.map((a) => a.feature))) : null,
    });
  }
  if (errors.length) throw invalid(errors);
  nameColumns(selections.flatMap((s) => [...s.declared, ...s.aggregates]), passthroughColumns);
  return selections;
}

function nameColumns(features: SelectedFeature[], passthroughColumns: readonly string[]): void {
  const uses = new Map<string, number>(passthroughColumns.map((c) => [c, 1]));
  for (const f of features) uses.set(f.feature, (uses.get(f.feature) ?? 0) + 1);
  for (const f of features) if (uses.get(f.feature)! > 1) f.column = `${f.view}__${f.feature}`;
}

function invalid(errors: FieldError[]): ValidationException {
  return new ValidationException(`Invalid training set features: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}
