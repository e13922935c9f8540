import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { FeatureServiceDefinitionSchema, ResourceNameSchema, Role, type FeatureServiceDefinition } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { respondApplied } from './applied-response';
import { FeatureDefinitionsService } from './feature-definitions.service';

@Controller('api/v1/feature-services')
@ApiStandardErrors('features', 404, 409)
export class FeatureServicesController {
  constructor(private readonly definitions: FeatureDefinitionsService) {}

  @Post()
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({
    summary: 'Define a feature service: a named set of features across views ("view:feature", "view:*", "view@3:feature")',
    description: 'Every view, version and feature must exist. Immutable: the same definition again is idempotent (200), a different one 409.',
  })
  @ApiZodBody(FeatureServiceDefinitionSchema)
  @ApiResponse({ status: 201, description: 'Created' })
  @ApiResponse({ status: 200, description: 'Already defined identically' })
  apply(@Body(new ZodValidationPipe(FeatureServiceDefinitionSchema, 'feature service')) body: FeatureServiceDefinition, @Res({ passthrough: true }) reply: FastifyReply) {
    return respondApplied(reply, this.definitions.applyService(body));
  }

  @Get()
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: "The tenant's feature services" })
  list() {
    return this.definitions.listServices();
  }

  @Get(':name')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: 'One feature service' })
  get(@Param('name', new ZodValidationPipe(ResourceNameSchema, 'feature service name', ['name'])) name: string) {
    return this.definitions.getService(name);
  }
}
