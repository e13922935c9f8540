import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { FeatureStatisticsQuerySchema, MaterializeBodySchema, ResourceNameSchema, Role, type FeatureStatisticsQuery, type MaterializeBody } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { MaterializationService } from './materialization.service';

const NameParam = new ZodValidationPipe(ResourceNameSchema, 'feature view name', ['name']);

@Controller('api/v1/feature-views')
@ApiStandardErrors('features', 404)
export class MaterializationController {
  constructor(private readonly materialization: MaterializationService) {}

  @Post(':name/materialize')
  @HttpCode(200)
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({
    summary: "Materialize a dataset-sourced feature view: its source dataset version into the offline store and each entity's latest values into the online store",
    description: [
      'Runs to completion and reports what it did. Reads the view version (default latest) and its source dataset version (pinned, else the latest); each row gives the entity id (the entity\'s join keys), the event time (`timestampColumn`) and the features (`expr`, or the column of the same name), checked against their dtypes.',
      'Bad rows (unreadable timestamp, empty join key, a value not fitting its dtype) are counted in `skipped` and the first 20 listed in `errors`; they never fail the run. A view reading a column the dataset lacks is refused with 400 naming each column, and nothing is written.',
      '`incremental` (default) reads only what is newer than the view version\'s watermark: nothing when the source dataset version was materialized already (`upToDate: true`, nothing written), else the rows of the newer version with a later event time. `full` reads every row. Both are idempotent: rows already in the offline store are not written again, and online writes keep the newest value per feature with the view\'s TTL.',
      'Feature statistics of the view version are stored (GET …/statistics) and `features.materialized` is published on Kafka when rows were written.',
    ].join('\n\n'),
  })
  @ApiZodBody(MaterializeBodySchema)
  @ApiResponse({ status: 200, description: 'The run report: { view, version, mode, datasetVersion, rowsRead, rowsWritten, entitiesUpdated, skipped, watermark, upToDate, errors, runId }' })
  materialize(@Param('name', NameParam) name: string, @Body(new ZodValidationPipe(MaterializeBodySchema, 'request body')) body: MaterializeBody) {
    return this.materialization.materialize(name, body);
  }

  @Get(':name/statistics')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: "Statistics of a view version's features (count, missing, mean/std/min/max/quantiles, top values) as of its latest materialization: the drift reference" })
  @ApiQuery({ name: 'version', required: false, type: Number, description: 'The view version; default the latest' })
  statistics(@Param('name', NameParam) name: string, @Query(new ZodValidationPipe(FeatureStatisticsQuerySchema, 'query')) query: FeatureStatisticsQuery) {
    return this.materialization.statistics(name, query.version);
  }
}
