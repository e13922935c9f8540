import { Injectable } from '@nestjs/common';
import type { PutEntityFeaturesBody, PutEntityFeaturesResult } from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';

@Injectable()
export class FeaturesService {
  constructor(private readonly upstreams: Upstreams) {}

  put(view: string, entityId: string, body: PutEntityFeaturesBody): Promise<PutEntityFeaturesResult> {
    return this.upstreams.featureStore.putEntityFeatures({ view, entityId, features: body.features });
  }
}
