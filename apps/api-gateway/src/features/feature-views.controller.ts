import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { FeatureViewDefinitionSchema, ResourceNameSchema, Role, type FeatureViewDefinition } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { respondApplied } from './applied-response';
import { FeatureDefinitionsService } from './feature-definitions.service';

const VersionQuerySchema = z.coerce.number().int().positive().optional();

@Controller('api/v1/feature-views')
@ApiStandardErrors('features', 404)
export class FeatureViewsController {
  constructor(private readonly definitions: FeatureDefinitionsService) {}

  @Post()
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({
    summary: 'Define a feature view: a changed definition becomes version n+1 (201); the latest definition again returns it (200)',
    description:
      'The entity must exist; `ttl` and aggregation windows are durations ("30s", "15m", "1h", "7d", "2w"); a feature `expr` must compile and produce its `dtype`. Each aggregation (fn, window) becomes a feature named `<column>_<fn>_<window>` (count/distinct_count int64, others float64). Source columns are checked at materialization.',
  })
  @ApiZodBody(FeatureViewDefinitionSchema)
  @ApiResponse({ status: 201, description: 'New version created' })
  @ApiResponse({ status: 200, description: 'Same as the latest version, which is returned' })
  apply(@Body(new ZodValidationPipe(FeatureViewDefinitionSchema, 'feature view')) body: FeatureViewDefinition, @Res({ passthrough: true }) reply: FastifyReply) {
    return respondApplied(reply, this.definitions.applyView(body));
  }

  @Get()
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: "The tenant's feature views with their latest version" })
  list() {
    return this.definitions.listViews();
  }

  @Get(':name')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: 'A feature view: its latest version, or `?version=n`' })
  @ApiQuery({ name: 'version', required: false, type: Number })
  get(
    @Param('name', new ZodValidationPipe(ResourceNameSchema, 'feature view name', ['name'])) name: string,
    @Query('version', new ZodValidationPipe(VersionQuerySchema, 'version', ['version'])) version?: number,
  ) {
    return this.definitions.getView(name, version);
  }

  @Get(':name/versions')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: "Every version of a feature view, oldest first, with its source (lineage)" })
  versions(@Param('name', new ZodValidationPipe(ResourceNameSchema, 'feature view name', ['name'])) name: string) {
    return this.definitions.listViewVersions(name);
  }
}
