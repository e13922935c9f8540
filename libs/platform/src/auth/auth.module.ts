import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthGuard, RolesGuard } from './guards';
import { JwtStrategy } from './jwt.strategy';
import { AccessTokenVerifier } from './token-verifier';

@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [JwtStrategy, JwtAuthGuard, RolesGuard, AccessTokenVerifier],
  exports: [JwtAuthGuard, RolesGuard, AccessTokenVerifier],
})
export class AuthModule {}
