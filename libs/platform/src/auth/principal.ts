import { AccessTokenClaimsSchema, ErrorCode, type Principal } from '@foresight/contracts';
import { DomainException } from '../errors/domain.exception';

/** Verified JWT claims → the platform's principal, or 401 naming what is wrong with them. */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = AccessTokenClaimsSchema.safeParse(claims);
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `${i.path.join('.') || 'claims'}: ${i.message}`).join('; ');
    throw new DomainException(ErrorCode.Unauthenticated, `Token claims are invalid (${what})`);
  }
  return { subject: parsed.data.sub, tenantId: parsed.data.tenantId, roles: parsed.data.roles };
}
