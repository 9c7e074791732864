import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthUser, UsersService } from '@parley/identity';
import { CurrentUser } from '../http/current-user.decorator';
import { AccountViewService } from './account-view.service';
import { UserView } from './dto/user.view';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly views: AccountViewService,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserView })
  @ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
  async me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.views.build(await this.users.getById(user.id));
  }
}
