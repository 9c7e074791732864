import { Body, Controller, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthUser, UserRolesService } from '@parley/identity';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { SetRoleDto } from './dto/set-role.dto';
import { UserRoleView } from './dto/user-role.view';
import { toUserRoleView } from './user.mapper';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly roles: UserRolesService) {}

  @Put(':userId/role')
  @ApiOperation({
    summary: "Set a user's role",
    description:
      "Takes effect on the user's next request (roles are read per request). Promoting to staff lifts any sanction. Admins cannot change their own role. An effective change is written to the moderation audit log (`user.role`).",
  })
  @ApiOkResponse({ type: UserRoleView })
  @ApiBadRequestResponse({
    description: 'validation_failed (role must be reader, moderator or admin)',
  })
  @ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
  @ApiForbiddenResponse({ description: 'forbidden: admins only' })
  @ApiNotFoundResponse({ description: 'not_found (also for a malformed id)' })
  @ApiConflictResponse({ description: 'conflict: an admin cannot change their own role' })
  async setRole(
    @CurrentUser() admin: AuthUser,
    @Param('userId', new UuidParamPipe('not_found')) userId: string,
    @Body() dto: SetRoleDto,
  ): Promise<UserRoleView> {
    return toUserRoleView(await this.roles.setRole(admin.id, userId, dto.role));
  }
}
