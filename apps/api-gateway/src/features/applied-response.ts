import type { FastifyReply } from 'fastify';
import type { Applied } from './feature-definitions.service';

/** 201 when the call created the definition, 200 when it was already there unchanged. */
export async function respondApplied<T>(reply: FastifyReply, applied: Promise<Applied<T>>): Promise<T> {
  const { created, body } = await applied;
  reply.status(created ? 201 : 200);
  return body;
}
