import { Body, Controller, Param, Put } from '@nestjs/common';
import { ExternalIdSchema, PutEntityFeaturesBodySchema, ResourceNameSchema, Role, type PutEntityFeaturesBody } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation } from '@nestjs/swagger';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { FeaturesService } from './features.service';

@Controller('api/v1/features')
@ApiStandardErrors('features')
export class FeaturesController {
  constructor(private readonly features: FeaturesService) {}

  @Put(':view/entities/:entityId')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.App)
  @ApiOperation({ summary: "Write an entity's online features (Redis) and append them to the offline store" })
  @ApiZodBody(PutEntityFeaturesBodySchema)
  put(
    @Param('view', new ZodValidationPipe(ResourceNameSchema, 'feature view', ['view'])) view: string,
    @Param('entityId', new ZodValidationPipe(ExternalIdSchema, 'entity id', ['entityId'])) entityId: string,
    @Body(new ZodValidationPipe(PutEntityFeaturesBodySchema)) body: PutEntityFeaturesBody,
  ) {
    return this.features.put(view, entityId, body);
  }
}
