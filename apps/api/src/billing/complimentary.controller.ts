import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ComplimentaryService } from '@parley/billing';
import type { AuthUser } from '@parley/identity';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { toComplimentaryGrantView } from './billing.mapper';
import { ComplimentaryDto } from './dto/complimentary.dto';
import { ComplimentaryGrantView } from './dto/billing.views';

@ApiTags('billing')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/users/:userId/complimentary')
@ApiUnauthorizedResponse({ description: 'unauthenticated' })
@ApiForbiddenResponse({ description: 'forbidden: admins only' })
@ApiNotFoundResponse({ description: 'not_found' })
export class ComplimentaryController {
  constructor(private readonly complimentary: ComplimentaryService) {}

  @Put()
  @ApiOkResponse({
    type: ComplimentaryGrantView,
    description:
      'Grants (or replaces) commenting access without Stripe; audited as user.complimentary.grant',
  })
  @ApiBadRequestResponse({
    description: 'validation_failed: until is not ISO-8601 or not in the future',
  })
  async grant(
    @Param('userId', new UuidParamPipe('not_found')) userId: string,
    @Body() dto: ComplimentaryDto,
    @CurrentUser() admin: AuthUser,
  ): Promise<ComplimentaryGrantView> {
    return toComplimentaryGrantView(
      await this.complimentary.grant(admin.id, userId, dto.until ? new Date(dto.until) : null),
    );
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'Revoked (also when there was no grant); audited as user.complimentary.revoke when there was one',
  })
  revoke(
    @Param('userId', new UuidParamPipe('not_found')) userId: string,
    @CurrentUser() admin: AuthUser,
  ): Promise<void> {
    return this.complimentary.revoke(admin.id, userId);
  }
}
