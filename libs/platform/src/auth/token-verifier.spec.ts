import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { DomainException } from '../errors/domain.exception';
import { AccessTokenVerifier, signDevToken } from './token-verifier';

const SECRET = 'a-local-hs256-secret-for-this-spec';
const claims = { tenantId: 'district-7', roles: ['analyst'] };

describe('AccessTokenVerifier', () => {
  describe('HS256 with the local secret', () => {
    const verifier = new AccessTokenVerifier({ JWT_SECRET: SECRET });

    it('accepts a token signed with the secret and returns the principal', async () => {
      await expect(verifier.verify(signDevToken(SECRET, { ...claims, sub: 'ana' }))).resolves.toEqual({
        subject: 'ana',
        tenantId: 'district-7',
        roles: ['analyst'],
      });
    });

    it('rejects a wrong signature, an expired token and claims without a valid tenant or role', async () => {
      const cases = [
        signDevToken('another-secret-of-enough-length', claims),
        signDevToken(SECRET, claims, { expiresInSeconds: -5 }),
        jwt.sign({ tenantId: 'has spaces', roles: ['analyst'] }, SECRET, { subject: 'x' }),
        jwt.sign({ tenantId: 'district-7', roles: ['superuser'] }, SECRET, { subject: 'x' }),
      ];
      const messages = await Promise.all(cases.map((t) => verifier.verify(t).then(() => 'accepted', (e: DomainException) => `${e.code}: ${e.message}`)));
      expect(messages[0]).toMatch(/^unauthenticated: Invalid token: invalid signature/);
      expect(messages[1]).toMatch(/^unauthenticated: Invalid token: jwt expired/);
      expect(messages[2]).toMatch(/^unauthenticated: Token claims are invalid \(tenantId:/);
      expect(messages[3]).toMatch(/^unauthenticated: Token claims are invalid \(roles\.0:/);
    });
  });

  describe('RS256 against a JWKS URL', () => {
    let server: Server;
    let jwksUrl: string;
    let privateKey: KeyObject;
    let strangerKey: KeyObject;

    beforeAll(async () => {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      privateKey = pair.privateKey;
      strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'RS256' };
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });

    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const rs256 = (key: KeyObject, kid: string, extra: jwt.SignOptions = {}) =>
      jwt.sign(claims, key, { algorithm: 'RS256', keyid: kid, subject: 'svc', expiresIn: 60, ...extra });

    it('accepts a token signed by the published key, checking issuer and audience', async () => {
      const verifier = new AccessTokenVerifier({ JWT_SECRET: SECRET, JWT_JWKS_URL: jwksUrl, JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'foresight' });
      const token = rs256(privateKey, 'key-1', { issuer: 'https://idp.example', audience: 'foresight' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ tenantId: 'district-7', subject: 'svc' });
      await expect(verifier.verify(rs256(privateKey, 'key-1', { issuer: 'https://evil.example', audience: 'foresight' }))).rejects.toThrow(/jwt issuer invalid/);
    });

    it('rejects an unknown key id, a key that is not the published one, and HS256 tokens', async () => {
      const verifier = new AccessTokenVerifier({ JWT_SECRET: SECRET, JWT_JWKS_URL: jwksUrl });
      await expect(verifier.verify(rs256(privateKey, 'key-2'))).rejects.toBeInstanceOf(DomainException);
      await expect(verifier.verify(rs256(strangerKey, 'key-1'))).rejects.toThrow(/invalid signature/);
      await expect(verifier.verify(signDevToken(SECRET, claims))).rejects.toThrow(/Invalid token/);
    });
  });
});
