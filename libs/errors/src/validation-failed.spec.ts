import { DomainError } from './domain-error';
import { INVALID_REQUEST, validationFailed } from './validation-failed';

describe(validationFailed.name, () => {
  it('is a 400 validation_failed with the generic summary and one detail', () => {
    const error = validationFailed({ field: 'body', message: 'must be a string' });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      status: 400,
      message: INVALID_REQUEST,
      details: [{ field: 'body', message: 'must be a string' }],
    });
  });

  it('keeps a list of problems in order and a rule-specific summary', () => {
    const problems = [{ message: 'first' }, { field: 'b', message: 'second' }];
    const error = validationFailed(problems, 'The cursor is invalid');
    expect(error.message).toBe('The cursor is invalid');
    expect(error.details).toEqual(problems);
  });
});
