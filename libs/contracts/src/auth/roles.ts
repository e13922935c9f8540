import { z } from 'zod';

export const Role = { Admin: 'admin', MlEngineer: 'ml-engineer', Analyst: 'analyst', App: 'app' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const RoleSchema = z.enum([Role.Admin, Role.MlEngineer, Role.Analyst, Role.App]);

export const TenantIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit');

/** The claims a Foresight access token carries. */
export const AccessTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  tenantId: TenantIdSchema,
  roles: z.array(RoleSchema).min(1),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaimsSchema>;

/** Who is calling, once the gateway has verified the token. */
export interface Principal {
  subject: string;
  tenantId: string;
  roles: Role[];
}

/** gRPC metadata keys the gateway sets on every internal call. */
export const Metadata = {
  TenantId: 'x-tenant-id',
  RequestId: 'x-request-id',
  Subject: 'x-subject',
} as const;
