import { ApiProperty } from '@nestjs/swagger';

export class TokenPairView {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'The next refresh token of this login; the one sent is spent' })
  refreshToken: string;
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn: number;
}
