import { Controller, Get, Param, Query } from '@nestjs/common';
import { ResourceNameSchema, Role, RunsQuerySchema, type RunsQuery } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { ApiStandardErrors } from '../openapi/api-zod.decorators';
import { ExperimentsService } from './experiments.service';

@Controller('api/v1/experiments')
@ApiStandardErrors('training', 404)
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Get()
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: "The tenant's experiments (one per model by default) with their run counts" })
  list() {
    return this.experiments.list();
  }

  @Get(':name/runs')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: "Search an experiment's runs: params, metrics (held-out, with the baseline's), dataset, features, model version" })
  @ApiQuery({ name: 'filter', required: false, example: "metrics.rmse < 3 and params.algorithm = 'mlp'" })
  @ApiQuery({ name: 'orderBy', required: false, example: 'metrics.rmse ASC' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  runs(
    @Param('name', new ZodValidationPipe(ResourceNameSchema, 'experiment name', ['name'])) name: string,
    @Query(new ZodValidationPipe(RunsQuerySchema, 'query')) query: RunsQuery,
  ) {
    return this.experiments.runs(name, query);
  }
}
