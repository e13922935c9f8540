import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

@ObjectType('Model', { description: "A tenant's model with its latest and deployed versions" })
export class ModelType {
  @Field() model!: string;
  @Field() task!: string;
  @Field(() => Int) latestVersion!: number;
  @Field(() => Int, { nullable: true }) deployedVersion!: number | null;
  @Field() createdAt!: string;
}

@InputType('PredictionInstanceInput', { description: 'An entity (online features) and/or inline features' })
export class PredictionInstanceInput {
  @Field({ nullable: true }) entityId?: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'feature name -> number | string | boolean' })
  features?: Record<string, unknown>;
}

@ObjectType('Prediction')
export class PredictionType {
  @Field(() => Float) value!: number;
}

@ObjectType('PredictionResult')
export class PredictionResultType {
  @Field() model!: string;
  @Field(() => Int) version!: number;
  @Field() variant!: string;
  @Field(() => [PredictionType]) predictions!: PredictionType[];
}
