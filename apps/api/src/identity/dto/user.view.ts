import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EntitlementView {
  @ApiProperty() canComment: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The error code a post would get now',
  })
  reason: string | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['stripe', 'complimentary', 'publisher', 'staff'],
    description:
      'publisher: granted by the entitlement claim of a publisher sign-in (POST /auth/sso)',
  })
  source: 'stripe' | 'complimentary' | 'publisher' | 'staff' | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) activeUntil:
    string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "The publisher's plan label of a publisher grant; null for the other sources",
  })
  plan: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) subscription: Record<
    string,
    unknown
  > | null;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({
    description:
      'Whether the owner confirmed the address (POST /auth/verify-email); posting, liking and reporting need it',
  })
  emailVerified: boolean;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['reader', 'moderator', 'admin'] }) role: string;
  @ApiProperty({ enum: ['active', 'suspended', 'banned'] }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) suspendedUntil:
    string | null;
  @ApiProperty({ type: EntitlementView }) entitlement: EntitlementView;
}

export class AuthResponseView {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn: number;
  @ApiProperty({ type: UserView }) user: UserView;
}
