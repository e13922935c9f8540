import { Module } from '@nestjs/common';
import { InteractionsConsumer } from './interactions.consumer';
import { InteractionsRepository } from './interactions.repository';
import { InteractionsService } from './interactions.service';
import { PopularityIndex } from './popularity.index';

@Module({
  providers: [InteractionsService, InteractionsRepository, InteractionsConsumer, PopularityIndex],
  exports: [InteractionsService, PopularityIndex],
})
export class InteractionsModule {}
