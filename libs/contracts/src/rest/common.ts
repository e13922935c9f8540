import { z } from 'zod';

/** Names that appear in URLs: models, feature views. */
export const ResourceNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** Ids users bring (entities, users, items): any non-blank string up to 256 characters. */
export const ExternalIdSchema = z
  .string()
  .max(256, 'must be at most 256 characters')
  .refine((s) => s.trim().length > 0, 'must not be blank');

export const FeatureValueSchema = z.union([z.number().finite(), z.string().max(4096), z.boolean()]);
export type FeatureValue = z.infer<typeof FeatureValueSchema>;

export const FeatureMapSchema = z
  .record(z.string().min(1).max(256), FeatureValueSchema)
  .refine((m) => Object.keys(m).length > 0, 'must hold at least one feature')
  .refine((m) => Object.keys(m).length <= 1000, 'must hold at most 1000 features');
export type FeatureMap = z.infer<typeof FeatureMapSchema>;
