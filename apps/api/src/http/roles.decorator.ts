import { SetMetadata } from '@nestjs/common';
import type { Role } from '@parley/identity';

export const ROLES = 'parley:roles';

/** Restricts a route to these roles; admins pass every role check. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, roles);
