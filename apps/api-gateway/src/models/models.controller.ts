import { Controller, Get, Param } from '@nestjs/common';
import { ResourceNameSchema } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation } from '@nestjs/swagger';
import { ApiStandardErrors } from '../openapi/api-zod.decorators';
import { ModelsService } from './models.service';

@Controller('api/v1/models')
@ApiStandardErrors('models', 404)
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The tenant's models with their latest and deployed versions" })
  list() {
    return this.models.list();
  }

  @Get(':model/versions')
  @Authenticated()
  @ApiOperation({ summary: "A model's versions: metrics, artifact digest, status" })
  versions(@Param('model', new ZodValidationPipe(ResourceNameSchema, 'model name', ['model'])) model: string) {
    return this.models.versions(model);
  }
}
