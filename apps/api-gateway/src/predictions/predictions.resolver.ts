import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { PredictBodySchema, ResourceNameSchema, Role } from '@foresight/contracts';
import { Authenticated, parseOrThrow } from '@foresight/platform';
import { PredictionInstanceInput, PredictionResultType } from '../graphql/graphql.types';
import { PredictionsService } from './predictions.service';

@Resolver(() => PredictionResultType)
export class PredictionsResolver {
  constructor(private readonly predictions: PredictionsService) {}

  @Mutation(() => PredictionResultType, { description: "Predict with the model's deployed version" })
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst, Role.App)
  predict(@Args('model') model: string, @Args('instances', { type: () => [PredictionInstanceInput] }) instances: PredictionInstanceInput[]) {
    const name = parseOrThrow(ResourceNameSchema, model, 'model name', ['model']);
    const body = parseOrThrow(PredictBodySchema, { instances: instances.map((i) => ({ ...i })) }, 'predict arguments');
    return this.predictions.predict(name, body);
  }
}
