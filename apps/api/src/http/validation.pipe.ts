import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, MAX_ERROR_DETAILS, validationFailed } from '@parley/errors';
import { findUnstorableText } from '@parley/text';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Validation at the edge: unknown fields are refused, every failure lists its fields (at most
 * MAX_ERROR_DETAILS of them), and no text that the database cannot store (U+0000, an unpaired
 * surrogate: libs/text) gets past a DTO, a query or a path parameter. Bodies that a lib reads
 * itself (`@Body() body: unknown`, for the contract's order of checks) are checked by that lib
 * with the same rule.
 */
class ParleyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && metadata.metatype && metadata.metatype !== Object) {
      const problems = findUnstorableText(value, metadata.data ?? '', MAX_ERROR_DETAILS);
      if (problems.length > 0) throw validationFailed(problems);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ParleyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}
