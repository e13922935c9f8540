import { Module } from '@nestjs/common';
import { EntitiesGrpc } from './entities.grpc';
import { EntitiesRepository } from './entities.repository';
import { EntitiesService } from './entities.service';

@Module({ providers: [EntitiesGrpc, EntitiesService, EntitiesRepository], exports: [EntitiesService] })
export class EntitiesModule {}
