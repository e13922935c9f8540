import { bootstrapService } from '@foresight/platform';
import { WsAdapter } from '@nestjs/platform-ws';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { GatewayEnv } from './config/gateway.config';
import { installStreamedBodies } from './datasets/upload-body';
import { PROBLEM_SCHEMA } from './openapi/api-zod.decorators';

export const bootstrap = () =>
  bootstrapService(
    GatewayEnv,
    (config) => AppModule.register(config),
    (config) => ({
      httpPort: config.GATEWAY_PORT,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      configure: (app) => {
        app.useWebSocketAdapter(new WsAdapter(app));
        installStreamedBodies(app);
        const document = SwaggerModule.createDocument(
          app,
          new DocumentBuilder()
            .setTitle('Foresight API')
            .setDescription('Predictions, training, models, features, recommendations and monitoring. Errors are application/problem+json.')
            .setVersion('1')
            .addBearerAuth()
            .build(),
        );
        document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA as never } };
        SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
      },
    }),
  );
