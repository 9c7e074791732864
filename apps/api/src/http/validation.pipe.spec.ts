import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { DomainError } from '@parley/errors';
import { ListCommentsQuery } from '../threads/dto/list-comments.query';
import { createValidationPipe } from './validation.pipe';

const QUERY: ArgumentMetadata = { type: 'query', metatype: ListCommentsQuery, data: undefined };

describe('the validation pipe on queries', () => {
  let validations: jest.SpyInstance;

  beforeEach(() => {
    validations = jest.spyOn(ValidationPipe.prototype, 'transform');
  });

  afterEach(() => validations.mockRestore());

  it('validates a query string once and answers it again with a fresh copy of its DTO', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ sort: 'top', limit: '5' }, QUERY)) as ListCommentsQuery;
    first.limit = 99;
    const second = (await pipe.transform({ sort: 'top', limit: '5' }, QUERY)) as ListCommentsQuery;

    expect(second).toBeInstanceOf(ListCommentsQuery);
    expect(second).not.toBe(first);
    expect({ ...second }).toEqual({ sort: 'top', limit: 5 });
    expect(validations).toHaveBeenCalledTimes(1);
  });

  it('refuses a bad query every time it comes', async () => {
    const pipe = createValidationPipe();
    for (let attempt = 0; attempt < 2; attempt++)
      await expect(pipe.transform({ sort: 'loudest' }, QUERY)).rejects.toBeInstanceOf(DomainError);
    await expect(pipe.transform({ sort: 'top', extra: 'x' }, QUERY)).rejects.toBeInstanceOf(
      DomainError,
    );
    expect(validations).toHaveBeenCalledTimes(3);
  });

  it('validates repeated or nested parameters each time', async () => {
    const pipe = createValidationPipe();
    for (let attempt = 0; attempt < 2; attempt++)
      await expect(pipe.transform({ sort: ['top', 'newest'] }, QUERY)).rejects.toBeInstanceOf(
        DomainError,
      );
    expect(validations).toHaveBeenCalledTimes(2);
  });

  it('keeps the DTO classes apart', async () => {
    class OtherQuery {}
    const pipe = createValidationPipe();
    await pipe.transform({}, QUERY);
    const other = await pipe.transform({}, { type: 'query', metatype: OtherQuery });
    expect(other).toBeInstanceOf(OtherQuery);
    expect(validations).toHaveBeenCalledTimes(2);
  });
});
