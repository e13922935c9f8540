import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { SchedulesService } from '../schedules/schedules.service';
import { RetrainingPolicyService } from './retraining-policy.service';

@GrpcService(grpc.RetrainingServiceDefinition)
export class RetrainingGrpc implements grpc.RetrainingServiceImplementation {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly policies: RetrainingPolicyService,
  ) {}

  async createRetrainingSchedule(request: grpc.CreateRetrainingScheduleRequest): Promise<grpc.RetrainingSchedule> {
    return this.schedules.create(requireTenant(), request.model, request.body ?? {});
  }

  async listRetrainingSchedules(request: grpc.ListRetrainingSchedulesRequest): Promise<grpc.ListRetrainingSchedulesResponse> {
    return { model: request.model, schedules: await this.schedules.list(requireTenant(), request.model) };
  }

  async deleteRetrainingSchedule(request: grpc.DeleteRetrainingScheduleRequest): Promise<grpc.DeleteRetrainingScheduleResponse> {
    await this.schedules.delete(requireTenant(), request.model, request.id);
    return {};
  }

  async putRetrainingPolicy(request: grpc.PutRetrainingPolicyRequest): Promise<grpc.RetrainingPolicy> {
    return this.policies.put(requireTenant(), request.model, request.body ?? {});
  }

  async getRetrainingPolicy(request: grpc.GetRetrainingPolicyRequest): Promise<grpc.RetrainingPolicy> {
    return this.policies.get(requireTenant(), request.model);
  }

  async deleteRetrainingPolicy(request: grpc.GetRetrainingPolicyRequest): Promise<grpc.DeleteRetrainingPolicyResponse> {
    await this.policies.delete(requireTenant(), request.model);
    return {};
  }
}
