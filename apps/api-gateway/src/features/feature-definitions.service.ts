import { Injectable } from '@nestjs/common';
import type {
  EntityDefinition,
  EntityView,
  FeatureServiceDefinition,
  FeatureServiceView,
  FeatureViewDefinition,
  FeatureViewSummaryView,
  FeatureViewVersionView,
} from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';
import { toApplyFeatureViewRequest, toEntityView, toFeatureServiceView, toFeatureViewSummary, toFeatureViewVersionView } from './feature-definitions.mapper';

/** An applied definition and whether this call created it (201) or found it unchanged (200). */
export interface Applied<T> {
  created: boolean;
  body: T;
}

@Injectable()
export class FeatureDefinitionsService {
  constructor(private readonly upstreams: Upstreams) {}

  async applyEntity(body: EntityDefinition): Promise<Applied<EntityView>> {
    const { entity, created } = await this.upstreams.entities.applyEntity(body);
    return { created, body: toEntityView(entity!) };
  }

  async listEntities(): Promise<{ entities: EntityView[] }> {
    const { entities } = await this.upstreams.entities.listEntities({});
    return { entities: entities.map(toEntityView) };
  }

  async getEntity(name: string): Promise<EntityView> {
    return toEntityView(await this.upstreams.entities.getEntity({ name }));
  }

  async applyView(body: FeatureViewDefinition): Promise<Applied<FeatureViewVersionView>> {
    const { view, created } = await this.upstreams.featureViews.applyFeatureView(toApplyFeatureViewRequest(body));
    return { created, body: toFeatureViewVersionView(view!) };
  }

  async listViews(): Promise<{ views: FeatureViewSummaryView[] }> {
    const { views } = await this.upstreams.featureViews.listFeatureViews({});
    return { views: views.map(toFeatureViewSummary) };
  }

  async getView(name: string, version?: number): Promise<FeatureViewVersionView> {
    return toFeatureViewVersionView(await this.upstreams.featureViews.getFeatureView({ name, version: version ?? 0 }));
  }

  async listViewVersions(name: string): Promise<{ name: string; versions: FeatureViewVersionView[] }> {
    const { versions } = await this.upstreams.featureViews.listFeatureViewVersions({ name });
    return { name, versions: versions.map(toFeatureViewVersionView) };
  }

  async applyService(body: FeatureServiceDefinition): Promise<Applied<FeatureServiceView>> {
    const { service, created } = await this.upstreams.featureViews.applyFeatureService(body);
    return { created, body: toFeatureServiceView(service!) };
  }

  async listServices(): Promise<{ services: FeatureServiceView[] }> {
    const { services } = await this.upstreams.featureViews.listFeatureServices({});
    return { services: services.map(toFeatureServiceView) };
  }

  async getService(name: string): Promise<FeatureServiceView> {
    return toFeatureServiceView(await this.upstreams.featureViews.getFeatureService({ name }));
  }
}
