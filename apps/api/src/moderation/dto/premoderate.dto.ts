import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class PremoderateDto {
  @ApiProperty({
    description: 'true: every new comment of the user waits as pending; false: lifted',
  })
  @IsBoolean()
  enabled: boolean;
}

export class PremoderationView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() premoderated: boolean;
  @ApiProperty({ description: 'false when it was so already (no audit entry)' })
  changed: boolean;
}
