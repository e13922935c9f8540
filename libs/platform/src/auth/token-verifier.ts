import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type Principal } from '@foresight/contracts';
import jwt, { type JwtHeader, type SigningKeyCallback } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { APP_CONFIG } from '../config/load-config';
import { DomainException } from '../errors/domain.exception';
import type { JwtConfig } from './jwt-config';
import { principalFromClaims } from './principal';

/**
 * Verifies a bearer token outside the HTTP guard chain (WebSocket connects), with exactly the
 * rules the passport-jwt strategy applies: HS256 with the local secret, or RS256 from a JWKS.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly jwks?: JwksClient;
  private readonly secret: KeyObject;

  constructor(@Inject(APP_CONFIG) private readonly config: JwtConfig) {
    if (config.JWT_JWKS_URL) this.jwks = new JwksClient({ jwksUri: config.JWT_JWKS_URL, cache: true, rateLimit: true });
    this.secret = createSecretKey(Buffer.from(config.JWT_SECRET));
  }

  verify(token: string): Promise<Principal> {
    const key = this.jwks
      ? (header: JwtHeader, cb: SigningKeyCallback) =>
          this.jwks!.getSigningKey(header.kid, (err, k) => cb(err, k?.getPublicKey()))
      : this.secret;
    return new Promise((resolve, reject) =>
      jwt.verify(
        token,
        key,
        {
          algorithms: this.jwks ? ['RS256'] : ['HS256'],
          ...(this.config.JWT_ISSUER ? { issuer: this.config.JWT_ISSUER } : {}),
          ...(this.config.JWT_AUDIENCE ? { audience: this.config.JWT_AUDIENCE } : {}),
        },
        (err, claims) => {
          if (err) return reject(new DomainException(ErrorCode.Unauthenticated, `Invalid token: ${err.message}`));
          try {
            resolve(principalFromClaims(claims));
          } catch (e) {
            reject(e);
          }
        },
      ),
    );
  }
}

/** Signs a local HS256 token (dev CLI, demo, tests); production tokens come from the IdP. */
export function signDevToken(
  secret: string,
  claims: { tenantId: string; roles: string[]; sub?: string },
  options: { expiresInSeconds?: number } = {},
): string {
  return jwt.sign({ tenantId: claims.tenantId, roles: claims.roles }, secret, {
    algorithm: 'HS256',
    subject: claims.sub ?? `dev:${claims.tenantId}`,
    expiresIn: options.expiresInSeconds ?? 12 * 3600,
  });
}
