import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { EntityDefinitionSchema, ResourceNameSchema, Role, type EntityDefinition } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { respondApplied } from './applied-response';
import { FeatureDefinitionsService } from './feature-definitions.service';

@Controller('api/v1/entities')
@ApiStandardErrors('features', 404, 409)
export class EntitiesController {
  constructor(private readonly definitions: FeatureDefinitionsService) {}

  @Post()
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({ summary: 'Define an entity and its join keys; the same definition again is idempotent (200), a different one 409' })
  @ApiZodBody(EntityDefinitionSchema)
  @ApiResponse({ status: 201, description: 'Created' })
  @ApiResponse({ status: 200, description: 'Already defined identically' })
  apply(@Body(new ZodValidationPipe(EntityDefinitionSchema, 'entity')) body: EntityDefinition, @Res({ passthrough: true }) reply: FastifyReply) {
    return respondApplied(reply, this.definitions.applyEntity(body));
  }

  @Get()
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: "The tenant's entities" })
  list() {
    return this.definitions.listEntities();
  }

  @Get(':name')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: 'One entity' })
  get(@Param('name', new ZodValidationPipe(ResourceNameSchema, 'entity name', ['name'])) name: string) {
    return this.definitions.getEntity(name);
  }
}
