import { Controller, Get, Param } from '@nestjs/common';
import { ModelSignatureSchema, ResourceNameSchema, TrainingStatisticsSchema } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiStandardErrors } from '../openapi/api-zod.decorators';
import { ModelsService } from './models.service';

const ModelParam = new ZodValidationPipe(ResourceNameSchema, 'model name', ['model']);
const VersionParam = new ZodValidationPipe(z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(2_147_483_647), 'version', ['version']);
const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' }) as object;

const VERSION_VIEW = {
  type: 'object',
  required: ['model', 'version', 'task', 'algorithm', 'status', 'candidate', 'features', 'featureView', 'metrics', 'artifact', 'createdAt'],
  properties: {
    model: { type: 'string' },
    version: { type: 'integer' },
    task: { type: 'string' },
    algorithm: { type: 'string' },
    status: { type: 'string', enum: ['deployed', 'candidate', 'registered'], description: '`candidate`: registered by an automatic retraining, deployed only by a person' },
    candidate: { type: 'boolean' },
    features: { type: 'array', items: { type: 'string' } },
    featureView: { type: 'string' },
    metrics: { type: 'object', additionalProperties: true },
    artifact: { type: 'object', properties: { digest: { type: 'string' }, size: { type: 'integer' } } },
    trainingJobId: { type: 'string' },
    signature: { ...schemaOf(ModelSignatureSchema), nullable: true, description: 'Inputs with their types and roles, and the output' },
    trainingStats: {
      ...schemaOf(TrainingStatisticsSchema),
      nullable: true,
      description: 'Per input column of the training rows (and the target): the reference monitoring measures drift against',
    },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

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
  versions(@Param('model', ModelParam) model: string) {
    return this.models.versions(model);
  }

  @Get(':model/versions/:version')
  @Authenticated()
  @ApiOperation({ summary: 'One version with its signature (inputs, types, output) and training-data statistics' })
  @ApiParam({ name: 'version', schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ schema: VERSION_VIEW })
  version(@Param('model', ModelParam) model: string, @Param('version', VersionParam) version: number) {
    return this.models.version(model, version);
  }
}
