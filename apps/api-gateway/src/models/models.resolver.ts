import { Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '@foresight/platform';
import { ModelType } from '../graphql/graphql.types';
import { ModelsService } from './models.service';

@Resolver(() => ModelType)
export class ModelsResolver {
  constructor(private readonly registry: ModelsService) {}

  @Query(() => [ModelType], { description: "The tenant's models" })
  @Authenticated()
  models() {
    return this.registry.list();
  }
}
