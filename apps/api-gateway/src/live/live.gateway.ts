import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { ErrorCode, ResourceNameSchema, type Principal } from '@foresight/contracts';
import { AccessTokenVerifier, DomainException } from '@foresight/platform';
import type { WebSocket } from 'ws';
import { LiveSubscriptions } from './live-subscriptions';

/** Close code for a refused token (4000-4999 are application codes). */
export const WS_CLOSE_UNAUTHENTICATED = 4401;

/**
 * `/ws`: the token comes at connect (`?token=` or an Authorization header); clients then send
 * `{"event":"subscribe","data":{"model":"..."}}` and receive `{"event":"prediction",...}` for
 * each prediction of that model in their tenant, and `{"event":"training",...}` for the progress of
 * its training jobs.
 */
@WebSocketGateway({ path: '/ws' })
export class LiveGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly principals = new WeakMap<WebSocket, Promise<Principal>>();

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly subscriptions: LiveSubscriptions,
  ) {}

  handleConnection(socket: WebSocket, req: IncomingMessage): void {
    const principal = this.verifier.verify(tokenOf(req));
    this.principals.set(socket, principal);
    principal.then(
      (p) => socket.send(JSON.stringify({ event: 'welcome', data: { tenantId: p.tenantId } })),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : 'invalid token';
        socket.send(JSON.stringify({ event: 'error', data: { code: ErrorCode.Unauthenticated, message } }));
        socket.close(WS_CLOSE_UNAUTHENTICATED, 'unauthenticated');
      },
    );
  }

  handleDisconnect(socket: WebSocket): void {
    this.subscriptions.drop(socket);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: WebSocket, @MessageBody() data: unknown) {
    return this.reply(socket, data, 'subscribed', (tenantId, model) => this.subscriptions.add(tenantId, model, socket));
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: WebSocket, @MessageBody() data: unknown) {
    return this.reply(socket, data, 'unsubscribed', (tenantId, model) => this.subscriptions.remove(tenantId, model, socket));
  }

  private async reply(socket: WebSocket, data: unknown, event: string, apply: (tenantId: string, model: string) => void) {
    try {
      const principal = await this.principals.get(socket);
      if (!principal) throw new DomainException(ErrorCode.Unauthenticated, 'Not authenticated');
      const model = ResourceNameSchema.safeParse((data as { model?: unknown } | null)?.model);
      if (!model.success) throw new DomainException(ErrorCode.ValidationFailed, `data.model: ${model.error.issues[0]?.message ?? 'invalid'}`);
      apply(principal.tenantId, model.data);
      return { event, data: { model: model.data } };
    } catch (error) {
      const code = error instanceof DomainException ? error.code : ErrorCode.Internal;
      if (!(error instanceof DomainException)) this.logger.error({ err: error }, 'websocket handler failed');
      return { event: 'error', data: { code, message: error instanceof Error ? error.message : 'error' } };
    }
  }
}

function tokenOf(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : '';
}
