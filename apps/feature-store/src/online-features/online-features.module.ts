import { Module } from '@nestjs/common';
import { OfflineFeaturesRepository } from './offline-features.repository';
import { OnlineFeaturesGrpc } from './online-features.grpc';
import { OnlineFeaturesRepository } from './online-features.repository';
import { OnlineFeaturesService } from './online-features.service';

@Module({ providers: [OnlineFeaturesGrpc, OnlineFeaturesService, OnlineFeaturesRepository, OfflineFeaturesRepository] })
export class OnlineFeaturesModule {}
