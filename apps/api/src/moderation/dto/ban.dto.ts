import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { ReasonDto } from './reason.dto';

export class BanDto extends ReasonDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'Also take every visible or pending comment of the user out of view, in the same request',
  })
  @IsOptional()
  @IsBoolean()
  removeComments?: boolean;
}
