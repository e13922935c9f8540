import { Injectable } from '@nestjs/common';
import type { OnlineFeaturesBody, OnlineFeaturesResult, PutEntityFeaturesBody, PutEntityFeaturesResult } from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';
import { toGetOnlineFeaturesRequest, toOnlineFeaturesResult } from './feature-definitions.mapper';

@Injectable()
export class FeaturesService {
  constructor(private readonly upstreams: Upstreams) {}

  put(view: string, entityId: string, body: PutEntityFeaturesBody): Promise<PutEntityFeaturesResult> {
    return this.upstreams.featureStore.putEntityFeatures({ view, entityId, features: body.features, eventTime: body.eventTime ?? '' });
  }

  async online(body: OnlineFeaturesBody): Promise<OnlineFeaturesResult> {
    return toOnlineFeaturesResult(await this.upstreams.featureStore.getOnlineFeatures(toGetOnlineFeaturesRequest(body)));
  }
}
