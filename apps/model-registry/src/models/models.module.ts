import { Module } from '@nestjs/common';
import { ModelsGrpc } from './models.grpc';
import { ModelsRepository } from './models.repository';
import { ModelsService } from './models.service';

@Module({ providers: [ModelsGrpc, ModelsService, ModelsRepository] })
export class ModelsModule {}
