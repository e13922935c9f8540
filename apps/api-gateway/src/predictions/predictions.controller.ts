import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { PredictBodySchema, ResourceNameSchema, Role, type PredictBody } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation } from '@nestjs/swagger';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { PredictionsService } from './predictions.service';

@Controller('api/v1/predictions')
@ApiStandardErrors('predictions', 404)
export class PredictionsController {
  constructor(private readonly predictions: PredictionsService) {}

  @Post(':model')
  @HttpCode(200)
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: "Predict with the model's deployed version, from entity ids (online features) or inline features" })
  @ApiZodBody(PredictBodySchema)
  predict(
    @Param('model', new ZodValidationPipe(ResourceNameSchema, 'model name', ['model'])) model: string,
    @Body(new ZodValidationPipe(PredictBodySchema)) body: PredictBody,
  ) {
    return this.predictions.predict(model, body);
  }
}
