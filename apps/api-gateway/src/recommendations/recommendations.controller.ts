import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ExternalIdSchema, InteractionBodySchema, RecommendationsQuerySchema, Role, type InteractionBody } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { RecommendationsService } from './recommendations.service';

@Controller('api/v1')
@ApiStandardErrors('recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Post('interactions')
  @HttpCode(202)
  @Authenticated(Role.Admin, Role.MlEngineer, Role.App)
  @ApiOperation({ summary: 'Record that a user interacted with an item (indexed asynchronously)' })
  @ApiZodBody(InteractionBodySchema)
  record(@Body(new ZodValidationPipe(InteractionBodySchema)) body: InteractionBody) {
    return this.recommendations.record(body);
  }

  @Get('recommendations/:userId')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  @ApiOperation({ summary: 'Top-k items for a user' })
  @ApiQuery({ name: 'k', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 5 } })
  recommend(
    @Param('userId', new ZodValidationPipe(ExternalIdSchema, 'user id', ['userId'])) userId: string,
    @Query(new ZodValidationPipe(RecommendationsQuerySchema, 'query')) query: { k: number },
  ) {
    return this.recommendations.recommend(userId, query.k);
  }
}
