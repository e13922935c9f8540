import { Module } from '@nestjs/common';
import { EntitiesController } from './entities.controller';
import { FeatureDefinitionsService } from './feature-definitions.service';
import { FeatureServicesController } from './feature-services.controller';
import { FeatureViewsController } from './feature-views.controller';
import { FeaturesController } from './features.controller';
import { FeaturesService } from './features.service';

@Module({
  controllers: [FeaturesController, EntitiesController, FeatureViewsController, FeatureServicesController],
  providers: [FeaturesService, FeatureDefinitionsService],
})
export class FeaturesModule {}
