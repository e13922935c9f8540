import { Injectable } from '@nestjs/common';
import type { WebSocket } from 'ws';

/** Which sockets watch which (tenant, model); a socket only ever sees its own tenant's keys. */
@Injectable()
export class LiveSubscriptions {
  private readonly byKey = new Map<string, Set<WebSocket>>();
  private readonly bySocket = new Map<WebSocket, Set<string>>();

  add(tenantId: string, model: string, socket: WebSocket): void {
    const key = `${tenantId}/${model}`;
    if (!this.byKey.has(key)) this.byKey.set(key, new Set());
    this.byKey.get(key)!.add(socket);
    if (!this.bySocket.has(socket)) this.bySocket.set(socket, new Set());
    this.bySocket.get(socket)!.add(key);
  }

  remove(tenantId: string, model: string, socket: WebSocket): void {
    const key = `${tenantId}/${model}`;
    this.byKey.get(key)?.delete(socket);
    if (this.byKey.get(key)?.size === 0) this.byKey.delete(key);
    this.bySocket.get(socket)?.delete(key);
  }

  drop(socket: WebSocket): void {
    for (const key of this.bySocket.get(socket) ?? []) {
      this.byKey.get(key)?.delete(socket);
      if (this.byKey.get(key)?.size === 0) this.byKey.delete(key);
    }
    this.bySocket.delete(socket);
  }

  /** Whether anyone watches the Kafka key `<tenant>/<model>` (the prediction log's key). */
  watches(key: string | null): boolean {
    return key !== null && this.byKey.has(key);
  }

  /** Sends to every open socket watching (tenant, model); returns how many received it. */
  publish(tenantId: string, model: string, message: unknown): number {
    const sockets = this.byKey.get(`${tenantId}/${model}`);
    if (!sockets) return 0;
    const text = JSON.stringify(message);
    let sent = 0;
    for (const socket of sockets) {
      if (socket.readyState === socket.OPEN) {
        socket.send(text);
        sent++;
      }
    }
    return sent;
  }
}
