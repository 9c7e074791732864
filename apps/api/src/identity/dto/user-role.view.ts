import { ApiProperty } from '@nestjs/swagger';

export class UserRoleView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['reader', 'moderator', 'admin'] }) role: string;
}
