import { Module } from '@nestjs/common';
import { AuthModule } from '@foresight/platform';
import { LiveFeedConsumer } from './live-feed.consumer';
import { LiveSubscriptions } from './live-subscriptions';
import { LiveGateway } from './live.gateway';

@Module({ imports: [AuthModule], providers: [LiveGateway, LiveSubscriptions, LiveFeedConsumer] })
export class LiveModule {}
