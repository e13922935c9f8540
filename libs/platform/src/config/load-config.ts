import { z } from 'zod';

export class ConfigError extends Error {}

/**
 * Parses the environment once at boot. A bad or missing variable stops the process with one
 * line per problem, naming the variable, instead of failing later somewhere deep.
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Injection token of the app's parsed configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
