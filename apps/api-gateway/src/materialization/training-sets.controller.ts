import { Body, Controller, Post } from '@nestjs/common';
import { Role, TrainingSetBodySchema, type TrainingSetBody } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { MaterializationService } from './materialization.service';

@Controller('api/v1/training-sets')
@ApiStandardErrors('features', 404)
export class TrainingSetsController {
  constructor(private readonly materialization: MaterializationService) {}

  @Post()
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({
    summary: 'Build a point-in-time correct training set as a new version of the dataset `name`',
    description: [
      'Each entity row (inline, or a stored dataset) gets every selected feature as of its `timestamp`: the latest value with event time at or before it, null when that value is older than the view\'s TTL or there is none — never a value from after the row\'s time. Aggregations are computed as of each row\'s time with the streaming path\'s semantics.',
      'A row names its entity by the entity\'s join keys as columns, else by `entityId`; other columns (labels) are kept. `featureViews` takes `view`, `view@2`, `view:feature`, `view@2:feature`. Feature columns are named after the feature, `<view>__<feature>` where two selections (or an entity-row column) share a name.',
      'The set\'s rows come in (entity, time) order. The answer holds the dataset version and, per feature, its coverage (share of rows with a value) and how many were expired or missing; read the rows with GET /api/v1/datasets/{name}/versions/{version}/rows.',
    ].join('\n\n'),
  })
  @ApiZodBody(TrainingSetBodySchema)
  @ApiResponse({ status: 201, description: 'The training set: { dataset, created, rows, features: [{ column, view, viewVersion, feature, coverage, present, expired, missing }] }' })
  build(@Body(new ZodValidationPipe(TrainingSetBodySchema, 'request body')) body: TrainingSetBody) {
    return this.materialization.buildTrainingSet(body);
  }
}
