import { Injectable } from '@nestjs/common';
import { ExternalIdSchema, PutEntityFeaturesBodySchema, ResourceNameSchema, type PutEntityFeaturesResult } from '@foresight/contracts';
import { parseOrThrow } from '@foresight/platform';
import { OfflineFeaturesRepository } from './offline-features.repository';
import { OnlineFeaturesRepository } from './online-features.repository';

@Injectable()
export class OnlineFeaturesService {
  constructor(
    private readonly online: OnlineFeaturesRepository,
    private readonly offline: OfflineFeaturesRepository,
  ) {}

  /**
   * Appends the write to the offline store first, then updates the online store: if the
   * offline write fails nothing is visible online, so a retry never leaves the two disagreeing.
   */
  async put(tenantId: string, view: string, entityId: string, features: unknown): Promise<PutEntityFeaturesResult> {
    parseOrThrow(ResourceNameSchema, view, 'feature view name', ['view']);
    parseOrThrow(ExternalIdSchema, entityId, 'entity id', ['entityId']);
    const body = parseOrThrow(PutEntityFeaturesBodySchema, { features }, 'request body');
    const eventTime = new Date();
    await this.offline.append({ tenantId, view, entityId, features: body.features, eventTime });
    await this.online.write({ tenantId, view, entityId, features: body.features, eventTime });
    return { view, entityId, featureCount: Object.keys(body.features).length, eventTime: eventTime.toISOString() };
  }
}
