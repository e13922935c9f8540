import { Module } from '@nestjs/common';
import { ExperimentsGrpc } from './experiments.grpc';
import { ExperimentsRepository } from './experiments.repository';
import { ExperimentsService } from './experiments.service';

@Module({ providers: [ExperimentsGrpc, ExperimentsService, ExperimentsRepository], exports: [ExperimentsRepository] })
export class ExperimentsModule {}
