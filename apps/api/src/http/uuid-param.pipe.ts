import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '@parley/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: the domain's 404, never a 500 from the database. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: ErrorCode) {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new DomainError(this.notFound, 'Not found');
    return value.toLowerCase();
  }
}
