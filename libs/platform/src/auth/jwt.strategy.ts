import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Principal } from '@foresight/contracts';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy, type StrategyOptionsWithoutRequest } from 'passport-jwt';
import { APP_CONFIG } from '../config/load-config';
import { bindTenant } from '../context/request-context';
import type { JwtConfig } from './jwt-config';
import { principalFromClaims } from './principal';

function strategyOptions(config: JwtConfig): StrategyOptionsWithoutRequest {
  const common = {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    ignoreExpiration: false,
    ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
    ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
  };
  return config.JWT_JWKS_URL
    ? {
        ...common,
        algorithms: ['RS256'],
        secretOrKeyProvider: passportJwtSecret({ jwksUri: config.JWT_JWKS_URL, cache: true, rateLimit: true }),
      }
    : // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse
      // it as a public key on every request, which costs more than the signature check itself.
      { ...common, algorithms: ['HS256'], secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET)) as unknown as string };
}

/** passport-jwt: HS256 with a local secret, or RS256 against a JWKS URL when configured. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: JwtConfig) {
    super(strategyOptions(config));
  }

  validate(claims: unknown): Principal {
    const principal = principalFromClaims(claims);
    bindTenant(principal.tenantId, principal.subject);
    return principal;
  }
}
