import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Role, TrainingJobRequestSchema, type TrainingJobRequest } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation } from '@nestjs/swagger';
import { ApiStandardErrors, ApiZodBody } from '../openapi/api-zod.decorators';
import { TrainingJobsService } from './training-jobs.service';

@Controller('api/v1/training-jobs')
@ApiStandardErrors('training', 404)
export class TrainingJobsController {
  constructor(private readonly jobs: TrainingJobsService) {}

  @Post()
  @HttpCode(202)
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({ summary: 'Queue a training job; poll it (or watch /ws) until it succeeds or fails' })
  @ApiZodBody(TrainingJobRequestSchema)
  submit(@Body(new ZodValidationPipe(TrainingJobRequestSchema, 'training job')) body: TrainingJobRequest) {
    return this.jobs.submit(body);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({ summary: 'Cancel a job: a queued one at once, a running one at its next epoch; 409 once it has finished' })
  cancel(@Param('id') id: string) {
    return this.jobs.cancel(id);
  }

  @Get(':id')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: 'A training job: status, and on success the model version, metrics and baseline' })
  get(@Param('id') id: string) {
    return this.jobs.get(id);
  }
}
