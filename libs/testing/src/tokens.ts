import jwt from 'jsonwebtoken';
import { TEST_JWT_SECRET } from './test-env';

export interface TokenOptions {
  tenantId: string;
  roles: string[];
  sub?: string;
  expiresInSeconds?: number;
  secret?: string;
}

/** An HS256 access token as the platform's IdP would issue it (signed with the test secret). */
export function mintToken(options: TokenOptions): string {
  return jwt.sign({ tenantId: options.tenantId, roles: options.roles }, options.secret ?? TEST_JWT_SECRET, {
    algorithm: 'HS256',
    subject: options.sub ?? `user@${options.tenantId}`,
    expiresIn: options.expiresInSeconds ?? 3600,
  });
}
