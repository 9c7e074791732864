import { ArgumentsHost, Logger } from '@nestjs/common';
import { HttpExceptionFilter } from './http-exception.filter';

class FakeResponse {
  statusCode = 200;
  headersSent = false;
  body: unknown;
  setHeader(): this {
    return this;
  }
  removeHeader(): void {}
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  json(body: unknown): this {
    this.body = body;
    return this;
  }
}

function answer(exception: unknown): FakeResponse {
  const response = new FakeResponse();
  const host = {
    switchToHttp: () => ({
      getRequest: () => ({ id: 'req-1', method: 'POST', originalUrl: '/api/v1/x' }),
      getResponse: () => response,
    }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return response;
}

/** The shape pg gives a refusal, and the wrapping Prisma's adapter puts around it. */
const pgRefusal = (code: string) =>
  Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
    code,
    severity: 'ERROR',
  });
const prismaWrapped = (code: string) =>
  Object.assign(new Error('Raw query failed'), {
    code: 'P2010',
    meta: { driverAdapterError: { cause: { originalCode: code, kind: 'postgres' } } },
  });

describe(HttpExceptionFilter.name, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    pgRefusal('22021'),
    pgRefusal('22003'),
    prismaWrapped('22008'),
    new Error('wrapped', { cause: pgRefusal('22P02') }),
  ])('answers a value PostgreSQL refused (class 22) with 400 validation_failed (#%#)', (error) => {
    const response = answer(error);
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(JSON.stringify(response.body)).not.toMatch(/UTF8|0x00|P2010/);
  });

  it('still answers anything else unexpected with 500 internal_error', () => {
    for (const error of [new Error('boom'), pgRefusal('23502'), prismaWrapped('42P01')]) {
      const response = answer(error);
      expect(response.statusCode).toBe(500);
      expect(response.body).toMatchObject({ code: 'internal_error' });
    }
  });
});
