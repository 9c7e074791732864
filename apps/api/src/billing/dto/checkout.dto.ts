import { ApiProperty } from '@nestjs/swagger';
import { PRICE_ID_MAX } from '@parley/billing';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class CheckoutDto {
  @ApiProperty({
    example: 'price_1PqXyZ',
    minLength: 1,
    maxLength: PRICE_ID_MAX,
    description: 'One of the priceId values of GET /billing/plans',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(PRICE_ID_MAX)
  priceId: string;
}
