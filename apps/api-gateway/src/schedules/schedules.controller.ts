import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  CreateRetrainingScheduleSchema,
  ResourceNameSchema,
  RetrainingPolicyRequestSchema,
  Role,
  TrainingJobRequestSchema,
  type CreateRetrainingSchedule,
  type RetrainingPolicyRequest,
} from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiStandardErrors } from '../openapi/api-zod.decorators';
import { SchedulesService } from './schedules.service';

const ModelParam = new ZodValidationPipe(ResourceNameSchema, 'model name', ['model']);
type JsonObjectSchema = { properties?: Record<string, object>; required?: string[] };
const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as JsonObjectSchema;

/** The training job request as documented for POST /training-jobs, without `model` (the path's). */
const JOB_SCHEMA = (() => {
  const schema = jsonSchema(TrainingJobRequestSchema);
  const { model: _model, ...properties } = schema.properties ?? {};
  return { ...schema, properties, required: (schema.required ?? []).filter((r) => r !== 'model') };
})();
const withJob = (schema: z.ZodType, description: string) => {
  const body = jsonSchema(schema);
  return ApiBody({ schema: { ...body, properties: { ...body.properties, job: { ...JOB_SCHEMA, description: 'A training job request without `model`' } } } as object, description });
};

/** Automatic retraining of a model: cron schedules and the alert policy, both run by the training orchestrator. */
@Controller('api/v1/models/:model')
@ApiStandardErrors('retraining', 404)
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post('schedules')
  @HttpCode(201)
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({ summary: 'Retrain on a cron schedule: each due run queues the job; its version is registered as a candidate, never deployed by itself' })
  @withJob(CreateRetrainingScheduleSchema, '`cron`: 5 fields, or 6 with seconds first; `timezone`: IANA zone (default UTC)')
  create(@Param('model', ModelParam) model: string, @Body(new ZodValidationPipe(CreateRetrainingScheduleSchema, 'retraining schedule')) body: CreateRetrainingSchedule) {
    return this.schedules.create(model, body);
  }

  @Get('schedules')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: "A model's retraining schedules with their next run and the last job they queued" })
  list(@Param('model', ModelParam) model: string) {
    return this.schedules.list(model);
  }

  @Delete('schedules/:id')
  @HttpCode(204)
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({ summary: 'Stop a retraining schedule (a job it already queued runs on)' })
  async remove(@Param('model', ModelParam) model: string, @Param('id') id: string) {
    await this.schedules.delete(model, id);
  }

  @Post('retraining-policy')
  @HttpCode(200)
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({ summary: "Create or replace the model's retraining policy: which monitoring alerts queue the job, and the cooldown between jobs" })
  @withJob(RetrainingPolicyRequestSchema, '`cooldown`: seconds or a duration such as "15m", "6h", "1d" (default 1 h)')
  @ApiResponse({ status: 200, description: 'The policy, in force from now' })
  putPolicy(@Param('model', ModelParam) model: string, @Body(new ZodValidationPipe(RetrainingPolicyRequestSchema, 'retraining policy')) body: RetrainingPolicyRequest) {
    return this.schedules.putPolicy(model, body);
  }

  @Get('retraining-policy')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: "The model's retraining policy, with when it last started a job" })
  policy(@Param('model', ModelParam) model: string) {
    return this.schedules.policy(model);
  }

  @Delete('retraining-policy')
  @HttpCode(204)
  @Authenticated(Role.Admin, Role.MlEngineer)
  @ApiOperation({ summary: "Remove the model's retraining policy" })
  async deletePolicy(@Param('model', ModelParam) model: string) {
    await this.schedules.deletePolicy(model);
  }
}
