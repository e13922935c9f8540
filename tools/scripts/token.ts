// Prints a local development JWT (HS256, signed with JWT_SECRET) and nothing else on stdout:
//   npm run --silent token -- --tenant demo --roles ml-engineer,admin [--sub alice] [--ttl 3600]
import { parseArgs } from 'node:util';
import { RoleSchema, TenantIdSchema } from '@foresight/contracts';
import { JwtEnv, loadConfig, signDevToken } from '@foresight/platform';
import { z } from 'zod';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'demo' },
    roles: { type: 'string', default: 'admin' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: String(12 * 3600) },
  },
});

const config = loadConfig(JwtEnv);
const tenantId = TenantIdSchema.parse(values.tenant);
const roles = z.array(RoleSchema).min(1).parse(values.roles.split(',').map((r) => r.trim()).filter(Boolean));
process.stdout.write(
  `${signDevToken(config.JWT_SECRET, { tenantId, roles, ...(values.sub ? { sub: values.sub } : {}) }, { expiresInSeconds: Number(values.ttl) })}\n`,
);
