import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { inFlightLimit } from './in-flight-limit.middleware';

class FakeResponse extends EventEmitter {
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown;
  setHeader(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  json(body: unknown): this {
    this.body = body;
    return this;
  }
}

function call(middleware: ReturnType<typeof inFlightLimit>, path = '/api/v1/articles/a/comments') {
  const res = new FakeResponse();
  const next = jest.fn() as unknown as NextFunction & jest.Mock;
  middleware({ path, id: 'req-1' } as unknown as Request, res as unknown as Response, next);
  return { res, passed: (next as jest.Mock).mock.calls.length === 1 };
}

describe(inFlightLimit.name, () => {
  // Shed requests are logged (test/http-logging.e2e-spec.ts checks the line); kept quiet here.
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('sheds requests beyond the bound with 503 service_unavailable and Retry-After', () => {
    const limit = inFlightLimit(2);
    expect(call(limit).passed).toBe(true);
    expect(call(limit).passed).toBe(true);
    const shed = call(limit);
    expect(shed.passed).toBe(false);
    expect(shed.res.statusCode).toBe(503);
    expect(shed.res.headers['Retry-After']).toBe('1');
    expect(shed.res.body).toMatchObject({ code: 'service_unavailable', requestId: 'req-1' });
  });

  it('frees a slot once a response finishes or its connection closes, once per request', () => {
    const limit = inFlightLimit(1);
    const first = call(limit);
    expect(call(limit).passed).toBe(false);
    first.res.emit('finish');
    first.res.emit('close');
    const second = call(limit);
    expect(second.passed).toBe(true);
    expect(call(limit).passed).toBe(false);
    second.res.emit('close');
    expect(call(limit).passed).toBe(true);
  });

  it('always lets the health probes through, and 0 turns the bound off', () => {
    const limit = inFlightLimit(1);
    call(limit);
    expect(call(limit, '/api/v1/health/ready').passed).toBe(true);
    const off = inFlightLimit(0);
    expect([1, 2, 3].every(() => call(off).passed)).toBe(true);
  });
});
