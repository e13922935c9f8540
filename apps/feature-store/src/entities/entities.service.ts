import { Injectable } from '@nestjs/common';
import { EntityDefinitionSchema, ResourceNameSchema, type grpc } from '@foresight/contracts';
import { parseOrThrow } from '@foresight/platform';
import { EntityConflictException, EntityNotFoundException } from './entities.exception';
import { EntitiesRepository } from './entities.repository';

type EntityRow = NonNullable<Awaited<ReturnType<EntitiesRepository['find']>>>;

@Injectable()
export class EntitiesService {
  constructor(private readonly repository: EntitiesRepository) {}

  /** Idempotent: the same definition again returns the stored entity; a different one is a conflict. */
  async apply(tenantId: string, request: grpc.ApplyEntityRequest): Promise<grpc.ApplyEntityResponse> {
    const definition = parseOrThrow(EntityDefinitionSchema, request, 'entity');
    const { row, created } = await this.repository.createIfAbsent(tenantId, definition);
    const same = row.description === definition.description && row.joinKeys.length === definition.joinKeys.length && row.joinKeys.every((k, i) => k === definition.joinKeys[i]);
    if (!same) throw new EntityConflictException(definition.name, row);
    return { entity: toEntity(row), created };
  }

  async list(tenantId: string): Promise<grpc.Entity[]> {
    return (await this.repository.list(tenantId)).map(toEntity);
  }

  async get(tenantId: string, name: string): Promise<grpc.Entity> {
    return toEntity(await this.require(tenantId, name));
  }

  /** The entity, or a not-found error naming it (feature views check their entity here). */
  async require(tenantId: string, name: string): Promise<EntityRow> {
    parseOrThrow(ResourceNameSchema, name, 'entity name', ['entity']);
    const row = await this.repository.find(tenantId, name);
    if (!row) throw new EntityNotFoundException(name);
    return row;
  }
}

function toEntity(row: EntityRow): grpc.Entity {
  return { name: row.name, joinKeys: row.joinKeys, description: row.description, createdAt: row.createdAt.toISOString() };
}
