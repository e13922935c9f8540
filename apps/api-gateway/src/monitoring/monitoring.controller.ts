import { Controller, Get, Param } from '@nestjs/common';
import { ResourceNameSchema, Role } from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { ApiOperation } from '@nestjs/swagger';
import { ApiStandardErrors } from '../openapi/api-zod.decorators';
import { MonitoringService } from './monitoring.service';

@Controller('api/v1/monitoring')
@ApiStandardErrors('monitoring')
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Get('models/:model/stats')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: 'How many predictions a model served and their serving latency percentiles' })
  stats(@Param('model', new ZodValidationPipe(ResourceNameSchema, 'model name', ['model'])) model: string) {
    return this.monitoring.modelStats(model);
  }
}
