import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@parley/config';
import { AccessTokenService } from './access-token.service';
import { AuthService } from './auth.service';
import { resolveJwtSecret } from './jwt-secret';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokenService } from './refresh-token.service';
import { UsersService } from './users.service';

export const JWT_ALGORITHM = 'HS256' as const;

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: ({ values }: AppConfig) => ({
        secret: resolveJwtSecret(values),
        signOptions: {
          algorithm: JWT_ALGORITHM,
          expiresIn: values.JWT_ACCESS_TTL_SECONDS,
          issuer: values.JWT_ISSUER,
          audience: values.JWT_AUDIENCE,
        },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: values.JWT_ISSUER, audience: values.JWT_AUDIENCE },
      }),
    }),
  ],
  providers: [AuthService, UsersService, PasswordHasher, AccessTokenService, RefreshTokenService],
  exports: [AuthService, UsersService, JwtModule],
})
export class IdentityModule {}
