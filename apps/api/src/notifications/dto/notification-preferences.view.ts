import { ApiProperty } from '@nestjs/swagger';

export class NotificationPreferencesView {
  @ApiProperty({
    description: 'Mail me replies to my comments (at most one mail per thread per 15 minutes)',
  })
  replies: boolean;
  @ApiProperty({ description: 'Mail me moderators’ decisions on my comments' })
  moderation: boolean;
}
