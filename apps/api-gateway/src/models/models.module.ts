import { Module } from '@nestjs/common';
import { ModelsController } from './models.controller';
import { ModelsResolver } from './models.resolver';
import { ModelsService } from './models.service';

@Module({ controllers: [ModelsController], providers: [ModelsService, ModelsResolver] })
export class ModelsModule {}
