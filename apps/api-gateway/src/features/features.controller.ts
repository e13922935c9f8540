import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ExternalIdSchema,
  OnlineFeaturesBodySchema,
  PutEntityFeaturesBodySchema,
  ResourceNameSchema,
  Role,
  type OnlineFeaturesBody,
  type PutEntityFeaturesBody,
} from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { FeaturesService } from './features.service';

const reading = {
  type: 'object',
  required: ['value', 'ageMs', 'status'],
  properties: {
    value: { nullable: true, description: 'number | string | boolean; null unless present (an expired value is never returned)' },
    ageMs: { type: 'number', nullable: true, description: "Milliseconds since the value's event time; null when missing" },
    status: { type: 'string', enum: ['present', 'missing', 'expired'], description: "expired = older than the view's TTL (checked on read)" },
  },
};

const ONLINE_FEATURES_RESPONSE = {
  type: 'object',
  required: ['views', 'entities'],
  properties: {
    views: {
      type: 'array',
      description: 'The view versions read (latest unless pinned); version 0 = a view written without a definition',
      items: { type: 'object', properties: { view: { type: 'string' }, version: { type: 'integer' }, ttlMs: { type: 'integer', nullable: true } } },
    },
    entities: {
      type: 'array',
      description: 'One per distinct entity id, in request order',
      items: {
        type: 'object',
        properties: {
          entityId: { type: 'string' },
          features: {
            type: 'object',
            description: 'Keyed by bare feature name for `view`, by `view:feature` for `views` and `featureService`',
            additionalProperties: reading,
          },
        },
      },
    },
  },
};

@Controller('api/v1/features')
@ApiStandardErrors('features', 404)
export class FeaturesController {
  constructor(private readonly features: FeaturesService) {}

  @Put(':view/entities/:entityId')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.App)
  @ApiOperation({
    summary: "Write an entity's features: online (newest event time wins per feature) and appended offline",
    description:
      'When the view has a definition, every feature must be one of its latest version (aggregates included) with a value of its dtype. `eventTime` (ISO-8601) defaults to now.',
  })
  @ApiZodBody(PutEntityFeaturesBodySchema)
  put(
    @Param('view', new ZodValidationPipe(ResourceNameSchema, 'feature view', ['view'])) view: string,
    @Param('entityId', new ZodValidationPipe(ExternalIdSchema, 'entity id', ['entityId'])) entityId: string,
    @Body(new ZodValidationPipe(PutEntityFeaturesBodySchema)) body: PutEntityFeaturesBody,
  ) {
    return this.features.put(view, entityId, body);
  }

  @Post('online')
  @HttpCode(200)
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({
    summary: 'Read online features of many entities from one view (`view`, `view@3` or `{ view, version }`), several (`views`) or a feature service',
    description: "One Redis round trip in the feature store. Each feature comes back with its age and status; the view's TTL is honoured on read.",
  })
  @ApiZodBody(OnlineFeaturesBodySchema)
  @ApiOkResponse({ schema: ONLINE_FEATURES_RESPONSE })
  online(@Body(new ZodValidationPipe(OnlineFeaturesBodySchema)) body: OnlineFeaturesBody) {
    return this.features.online(body);
  }
}
