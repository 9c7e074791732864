import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '@parley/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id path parameter: a malformed id names nothing, so it is the domain's 404, never a 400 or 500. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: ErrorCode) {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new DomainError(this.notFound, 'Nothing has this id');
    return value.toLowerCase();
  }
}
