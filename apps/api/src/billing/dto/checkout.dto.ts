import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class CheckoutDto {
  @ApiProperty({
    example: 'price_1PqXyZ',
    description: 'One of the priceId values of GET /billing/plans',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  priceId: string;
}
