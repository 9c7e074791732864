import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthService } from '@parley/identity';
import { Public } from '../http/public.decorator';
import { AccountViewService } from './account-view.service';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { AuthResponseView } from './dto/user.view';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly views: AccountViewService,
  ) {}

  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: AuthResponseView })
  @ApiConflictResponse({ description: 'email_taken' })
  @ApiTooManyRequestsResponse({ description: 'rate_limited' })
  async register(@Body() dto: RegisterDto): Promise<AuthResponseView> {
    const { user, tokens } = await this.auth.register(dto);
    return { ...tokens, user: await this.views.build(user) };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResponseView })
  @ApiUnauthorizedResponse({ description: 'invalid_credentials (unknown email and wrong password alike)' })
  @ApiTooManyRequestsResponse({ description: 'rate_limited' })
  async login(@Body() dto: LoginDto): Promise<AuthResponseView> {
    const { user, tokens } = await this.auth.login(dto.email, dto.password);
    return { ...tokens, user: await this.views.build(user) };
  }
}
