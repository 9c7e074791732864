import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError, ErrorCode } from '@parley/errors';

/** An id path parameter: a malformed id names nothing, so it is the domain's 404, never a 400 or 500. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: ErrorCode) {}

  transform(value: string): string {
    if (!isUUID(value)) throw new DomainError(this.notFound, 'Nothing has this id');
    return value.toLowerCase();
  }
}
