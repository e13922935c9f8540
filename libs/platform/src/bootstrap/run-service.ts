import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config';

export interface RunOptions {
  httpPort: number;
  host: string;
  /** Largest accepted JSON body (inline training rows make this larger than usual). */
  bodyLimit?: string;
  /** Extra set-up on the app before it listens (Swagger, WebSocket adapter, ...). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/** Creates, configures and starts a service; SIGTERM/SIGINT close it gracefully (shutdown hooks). */
export async function runService(module: DynamicModule, options: RunOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb' });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  await options.configure?.(app);
  await app.listen(options.httpPort, options.host);
  return app;
}

/**
 * An app's whole boot: parse its env schema (exit 1 with one line per bad variable), build its
 * root module from the config, and listen.
 */
export async function bootstrapService<S extends z.ZodRawShape>(
  shape: S,
  build: (config: z.infer<z.ZodObject<S>>) => DynamicModule,
  options: (config: z.infer<z.ZodObject<S>>) => Partial<RunOptions> = () => ({}),
): Promise<INestApplication> {
  let config: z.infer<z.ZodObject<S>>;
  try {
    config = loadConfig(shape);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { HTTP_PORT, HOST } = config as unknown as { HTTP_PORT: number; HOST: string };
  return runService(build(config), { httpPort: HTTP_PORT, host: HOST, ...options(config) });
}
