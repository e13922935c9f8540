import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  ExternalIdSchema,
  OnlineFeaturesBodySchema,
  PutEntityFeaturesBodySchema,
  ResourceNameSchema,
  type FeatureDtype,
  type FeatureValue,
  type FieldError,
  type grpc,
  type OnlineFeaturesResult,
  type PutEntityFeaturesResult,
} from '@foresight/contracts';
import { OnlineFeatureLookupError, OnlineFeatureReader, OnlineFeatureWriter, type OnlineFeatureQuery } from '@foresight/feature-store-client';
import { DomainException, parseOrThrow, ValidationException } from '@foresight/platform';
import { FeatureViewsService, type ViewSchema } from '../feature-views/feature-views.service';
import { OfflineFeaturesRepository } from './offline-features.repository';

/** Event times further ahead than this are refused: they would outrank every real write. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

@Injectable()
export class OnlineFeaturesService {
  constructor(
    private readonly views: FeatureViewsService,
    private readonly reader: OnlineFeatureReader,
    private readonly writer: OnlineFeatureWriter,
    private readonly offline: OfflineFeaturesRepository,
  ) {}

  /**
   * Checks the write against the view's latest definition (when it has one), appends it to the
   * offline store, then updates the online store: if the offline write fails nothing is visible
   * online, so a retry never leaves the two disagreeing.
   */
  async put(tenantId: string, request: grpc.PutEntityFeaturesRequest): Promise<PutEntityFeaturesResult> {
    const { view, entityId } = request;
    parseOrThrow(ResourceNameSchema, view, 'feature view name', ['view']);
    parseOrThrow(ExternalIdSchema, entityId, 'entity id', ['entityId']);
    const body = parseOrThrow(PutEntityFeaturesBodySchema, { features: request.features, ...(request.eventTime ? { eventTime: request.eventTime } : {}) }, 'request body');
    const eventTime = body.eventTime ? new Date(body.eventTime) : new Date();
    if (eventTime.getTime() > Date.now() + MAX_CLOCK_SKEW_MS) {
      throw new ValidationException(`Invalid request body: eventTime ${body.eventTime} is in the future`, [{ path: 'eventTime', message: 'must not be more than 5 minutes in the future' }]);
    }
    const schema = await this.views.latestSchema(tenantId, view);
    if (schema) checkAgainstSchema(view, schema, body.features);
    await this.offline.append({ tenantId, view, entityId, features: body.features, eventTime });
    await this.writer.write([{ tenantId, view, entityId, features: body.features, eventTime, ttlMs: schema?.ttlMs ?? 0, defined: schema !== null }]);
    return { view, entityId, featureCount: Object.keys(body.features).length, eventTime: eventTime.toISOString(), viewVersion: schema?.version ?? 0 };
  }

  async get(tenantId: string, request: grpc.GetOnlineFeaturesRequest): Promise<grpc.GetOnlineFeaturesResponse> {
    const target = request.target;
    const body = parseOrThrow(
      OnlineFeaturesBodySchema,
      {
        ...(target?.$case === 'view' ? { view: viewRef(target.value) } : {}),
        ...(target?.$case === 'views' ? { views: target.value.views.map(viewRef) } : {}),
        ...(target?.$case === 'featureService' ? { featureService: target.value } : {}),
        entityIds: request.entityIds,
        ...(request.features.length ? { features: request.features } : {}),
      },
      'request body',
    );
    const query = { tenantId, entityIds: body.entityIds, ...(body.features ? { features: body.features } : {}) };
    const targetQuery = body.view !== undefined ? { view: body.view } : body.views !== undefined ? { views: body.views } : { featureService: body.featureService! };
    return toResponse(await this.read({ ...query, ...targetQuery }));
  }

  private async read(query: OnlineFeatureQuery): Promise<OnlineFeaturesResult> {
    try {
      return await this.reader.getOnlineFeatures(query);
    } catch (error) {
      if (!(error instanceof OnlineFeatureLookupError)) throw error;
      const code = error.code === 'unknown_feature' || error.code === 'invalid_query' ? ErrorCode.ValidationFailed : ErrorCode.NotFound;
      throw new DomainException(code, error.message);
    }
  }
}

const viewRef = (ref: grpc.ViewRef) => ({ view: ref.view, ...(ref.version ? { version: ref.version } : {}) });

function toResponse(result: OnlineFeaturesResult): grpc.GetOnlineFeaturesResponse {
  return {
    views: result.views.map((v) => ({ view: v.view, version: v.version, ttlMs: v.ttlMs ?? 0 })),
    entities: result.entities.map((e) => ({
      entityId: e.entityId,
      features: Object.fromEntries(Object.entries(e.features).map(([name, f]) => [name, { value: f.value, status: f.status, ...(f.ageMs !== null ? { ageMs: f.ageMs } : {}) }])),
    })),
  };
}

function checkAgainstSchema(view: string, schema: ViewSchema, features: Record<string, FeatureValue>): void {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(features)) {
    const feature = schema.features.get(name);
    if (!feature) errors.push({ path: `features.${name}`, message: `is not a feature of view "${view}" version ${schema.version} (it has ${[...schema.features.keys()].join(', ')})` });
    else if (!fitsDtype(value, feature.dtype)) errors.push({ path: `features.${name}`, message: `must be ${DTYPE_WORDS[feature.dtype]} (dtype ${feature.dtype}), got ${JSON.stringify(value)}` });
  }
  if (errors.length) throw new ValidationException(`Invalid features for view "${view}": ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
}

const DTYPE_WORDS: Record<FeatureDtype, string> = {
  int64: 'a whole number',
  float64: 'a number',
  string: 'a string',
  bool: 'a boolean',
  timestamp: 'an ISO-8601 timestamp or epoch milliseconds',
};

function fitsDtype(value: FeatureValue, dtype: FeatureDtype): boolean {
  switch (dtype) {
    case 'int64':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'float64':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && !Number.isNaN(Date.parse(value));
  }
}
