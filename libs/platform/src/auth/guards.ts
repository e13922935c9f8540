import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode, type Principal, type Role } from '@foresight/contracts';
import { DomainException } from '../errors/domain.exception';

const ROLES = 'foresight:roles';

/** The HTTP request behind a REST or GraphQL call (GraphQL puts it in the context argument). */
export function requestOf(context: ExecutionContext): { user?: Principal } & Record<string, unknown> {
  if (context.getType<string>() === 'graphql') return (context.getArgs()[2] as { req: { user?: Principal } }).req;
  return context.switchToHttp().getRequest();
}

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override getRequest(context: ExecutionContext) {
    return requestOf(context);
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err instanceof DomainException ? err : new DomainException(ErrorCode.Unauthenticated, 'Invalid token');
    if (!user) {
      const reason = info instanceof Error ? info.message : 'missing bearer token';
      throw new DomainException(ErrorCode.Unauthenticated, `Authentication required: ${reason}`);
    }
    return user;
  }
}

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!allowed || allowed.length === 0) return true;
    const principal = requestOf(context).user;
    if (principal?.roles.some((r) => allowed.includes(r))) return true;
    throw new DomainException(ErrorCode.Forbidden, `This action needs one of the roles: ${allowed.join(', ')}`);
  }
}

/** Requires a valid token and, when given, one of `roles`. */
export const Authenticated = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES, roles), UseGuards(JwtAuthGuard, RolesGuard));

/** The verified caller (after `@Authenticated`). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = requestOf(context).user;
  if (!principal) throw new DomainException(ErrorCode.Unauthenticated, 'Authentication required');
  return principal;
});
