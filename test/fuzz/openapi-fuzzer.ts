import fc from 'fast-check';

/**
 * Generates HTTP requests for every operation of an OpenAPI 3 document: values that fit the
 * documented schemas (so requests get past validation and reach the services and the database),
 * mixed with hostile ones (U+0000, lone surrogates, fillers, huge and deep values, wrong types,
 * extra and missing fields, forged cursors, garbage tokens, headers and content types).
 *
 * Ids are generated as references into pools that the run fills as it goes (comments and
 * articles created by earlier requests), resolved when the request is sent.
 */

export interface SchemaObject {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  nullable?: boolean;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface Operation {
  method: string;
  path: string;
  parameters: ParameterObject[];
  body?: SchemaObject;
  /** The Stripe webhook: raw body, checked by signature; never sent a valid signature. */
  raw: boolean;
  /** Documented as answering an HTML page (its errors are pages too, for browsers). */
  html: boolean;
}

/** Who sends a request: a signed-in actor, nobody, or a forged or broken Authorization. */
export type Actor = 'anonymous' | 'reader' | 'subscriber' | 'moderator' | 'admin';
export type PoolName = 'comment' | 'article' | 'user' | 'refreshToken' | 'cursor' | 'priceId';

/** An id to take from a pool when the request is sent (pools grow during the run). */
export class Ref {
  constructor(
    readonly pool: PoolName,
    readonly index: number,
  ) {}
}

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType: string }
  | { kind: 'raw'; text: string; contentType: string | null };

export interface FuzzRequest {
  operation: Operation;
  /** False: every part fits the documentation; true: something in it is hostile. */
  hostile: boolean;
  actor: Actor;
  /** Replaces the actor's Authorization header when set. */
  authorization: string | null;
  pathParams: Record<string, unknown>;
  query: Array<[string, unknown]>;
  headers: Record<string, string>;
  body: Body;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDocument, rawPaths: string[]): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const content = operation.requestBody?.content ?? {};
      const body = content['application/json']?.schema;
      operations.push({
        method,
        path,
        parameters: operation.parameters ?? [],
        body: body ? resolve(doc, body) : undefined,
        raw: rawPaths.includes(path),
        html: Object.values(operation.responses ?? {}).some(
          (response) => response.content?.['text/html'] !== undefined,
        ),
      });
    }
  }
  return operations;
}

function resolve(doc: OpenApiDocument, schema: SchemaObject, depth = 0): SchemaObject {
  if (depth > 8) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc, doc.components?.schemas?.[name] ?? {}, depth + 1);
  }
  if (schema.allOf) {
    return schema.allOf
      .map((part) => resolve(doc, part, depth + 1))
      .reduce<SchemaObject>(
        (all, part) => ({
          ...all,
          ...part,
          properties: { ...all.properties, ...part.properties },
          required: [...(all.required ?? []), ...(part.required ?? [])],
        }),
        {},
      );
  }
  const properties = schema.properties
    ? Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [
          key,
          resolve(doc, value, depth + 1),
        ]),
      )
    : undefined;
  const items = schema.items ? resolve(doc, schema.items, depth + 1) : undefined;
  return { ...schema, ...(properties ? { properties } : {}), ...(items ? { items } : {}) };
}

// ---------------------------------------------------------------- hostile values

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFF',
  '\uDBFF\uDBFF',
  '\u3164',
  '\u3164\u3164\u3164',
  '\u2800',
  '\u115F\u1160',
  '\uFFA0',
  '\u200B\u200D\uFEFF',
  '\u202Egnp.exe',
  '\u00A0\u3000',
  '\r\n',
  '\t',
  '😀',
  '👩‍👩‍👧‍👦',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '%00',
  '%',
  '%zz',
  '..',
  '../../etc/passwd',
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '${7*7}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '2147483648',
  '9223372036854775808',
  '1e309',
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '1969-12-31T23:59:59.999Z',
  '2026-02-30T00:00:00.000Z',
  'a@b',
  'a@b.co',
  '@example.com',
  'x'.repeat(256),
  'x'.repeat(5001),
  `a${' '.repeat(20_000)}`,
];

function nastyStrings(longest: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ maxLength: 10 }),
          fc.constantFrom(...NASTY_STRINGS),
          fc.string({ maxLength: 10 }),
        )
        .map((parts) => parts.join('')),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: longest }).map((n) => 'é'.repeat(n)) },
  );
}

/** Hostile text for bodies (up to the 100 kB limit and past it). */
export const nastyString = nastyStrings(60_000);
/** Hostile text for paths, queries and keys (a URL past Node's 16 kB header limit is a 431). */
const nastyShortString = nastyStrings(3_000);

const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1e308, 0.5, -0),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, nested a little, with nasty strings in it. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyShortString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Deep but legal (≤ 32 levels) or illegal (> 32) nesting, to probe recursion everywhere. */
const deepJson: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.boolean())
  .map(([depth, arrays]) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
    return value;
  });

// ---------------------------------------------------------------- values by schema and name

const ref = (pool: PoolName) => fc.nat().map((index) => new Ref(pool, index));

/** Null most of the time, a value one time in `odds`. */
function rarely<T>(arbitrary: fc.Arbitrary<T>, odds: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: odds - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}

/** Mostly plain words with some letters beyond ASCII: text a real reader writes. */
const prose = (min: number, max: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('the', 'budget', 'vote', 'Zoë', '李', 'ok', '😀') },
        { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }) },
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((words) => words.join(' ').slice(0, max).padEnd(min, 'x'));

/** Values for a known field: what a real client would send there. */
function byName(name: string): fc.Arbitrary<unknown> | undefined {
  switch (name) {
    case 'email':
      return fc.oneof(
        fc.uuid().map((id) => `fuzz-${id}@example.com`),
        fc.emailAddress(),
      );
    case 'password':
    case 'currentPassword':
    case 'newPassword':
      return fc.string({ minLength: 10, maxLength: 40 });
    case 'displayName':
      return prose(2, 40);
    case 'refreshToken':
      return ref('refreshToken');
    case 'body':
      return prose(1, 300);
    case 'parentId':
    case 'commentId':
      return ref('comment');
    case 'articleId':
      return ref('article');
    case 'userId':
      return ref('user');
    case 'priceId':
      return ref('priceId');
    case 'cursor':
      return ref('cursor');
    case 'title':
    case 'reason':
    case 'note':
      return prose(1, 120);
    case 'url':
      return fc.oneof(fc.webUrl(), fc.constant(null));
    case 'until':
      return fc
        .integer({ min: -86_400_000, max: 5 * 365 * 86_400_000 })
        .map((offset) => new Date(Date.now() + offset).toISOString());
    case 'ids':
      return fc.array(ref('article'), { minLength: 1, maxLength: 5 });
    case 'words':
      return fc.array(prose(1, 12), { maxLength: 6 });
    default:
      return undefined;
  }
}

function fitting(schema: SchemaObject, name: string): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const named = byName(name);
  if (named) return named;
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fitting(schema.items ?? {}, name), {
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object':
      return schema.properties ? objectFor(schema, false) : anyJson;
    default:
      if (schema.format === 'date-time') return byName('until') as fc.Arbitrary<unknown>;
      if (schema.format === 'uuid') return fc.uuid();
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 60),
      });
  }
}

/** A value for a schema: fitting, or (hostile) fitting only now and then. */
function value(schema: SchemaObject, name: string, hostile: boolean): fc.Arbitrary<unknown> {
  if (!hostile) return fitting(schema, name);
  return fc.oneof(
    { weight: 2, arbitrary: fitting(schema, name) },
    { weight: 2, arbitrary: nastyString },
    { weight: 1, arbitrary: anyJson },
  );
}

/** Required fields always (hostile: nearly always); optional ones a third of the time. */
function objectFor(schema: SchemaObject, hostile: boolean): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).map(([key, property]) =>
    fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), value(property, key, hostile))
      .map(([roll, v]) => [key, v, roll] as const),
  );
  return fc.tuple(...entries).map((chosen) => {
    const object: Record<string, unknown> = {};
    for (const [key, v, roll] of chosen)
      if (required.has(key) ? !hostile || roll < 0.9 : roll < 0.35) object[key] = v;
    return object;
  });
}

const json = (value: fc.Arbitrary<unknown>, contentType: fc.Arbitrary<string>) =>
  fc
    .tuple(value, contentType)
    .map(([v, type]): Body => ({ kind: 'json', value: v, contentType: type }));

const oddJsonType = fc.constantFrom(
  'application/json; charset=utf-8',
  'application/merge-patch+json',
  'application/json; charset=utf-16le',
  'application/json; charset=latin1',
  'application/json',
);

const rawBody = fc
  .tuple(
    fc.oneof(
      nastyString,
      fc.constantFrom('{', '{"a":', '[', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}'),
      fc.integer({ min: 33, max: 50_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      fc.integer({ min: 33, max: 3000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    ),
    fc.constantFrom<string | null>(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      null,
    ),
  )
  .map(([text, contentType]): Body => ({ kind: 'raw', text, contentType }));

function bodyFor(operation: Operation, hostile: boolean): fc.Arbitrary<Body> {
  const schema = operation.body;
  const plain = fc.constant('application/json');
  if (!hostile)
    return schema ? json(objectFor(schema, false), plain) : fc.constant<Body>({ kind: 'none' });
  const withExtras = schema
    ? fc
        .tuple(objectFor(schema, true), fc.dictionary(nastyShortString, anyJson, { maxKeys: 3 }))
        .map(([known, extra]) => ({ ...extra, ...known }))
    : anyJson;
  return fc.oneof(
    { weight: 4, arbitrary: json(schema ? objectFor(schema, true) : anyJson, plain) },
    { weight: 2, arbitrary: json(withExtras, oddJsonType) },
    { weight: 1, arbitrary: json(anyJson, plain) },
    { weight: 1, arbitrary: json(deepJson, plain) },
    { weight: 1, arbitrary: rawBody },
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
  );
}

// ---------------------------------------------------------------- parameters and headers

/** Header values Node's HTTP client will send (tab, printable ASCII). */
const headerValue = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, '')),
  fc.constantFrom('', ' ', 'x'.repeat(300), 'null', '\t'),
);

/** A forged cursor: the real shape with values anywhere in and out of range. */
const forgedCursor = fc
  .record({
    k: fc.constantFrom('newest', 'oldest', 'top', 'replies', 'pending', 'reported', 'audit', 'x'),
    t: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      nastyShortString,
      nastyNumber,
    ),
    i: fc.oneof(fc.uuid(), nastyShortString),
    l: fc.oneof(nastyNumber, nastyShortString),
  })
  .chain((payload) =>
    fc
      .subarray(['k', 't', 'i', 'l'] as const, { minLength: 2 })
      .map((keys) => Object.fromEntries(keys.map((key) => [key, payload[key]]))),
  )
  .map((payload) => Buffer.from(JSON.stringify(payload)).toString('base64url'));

function parameterValue(parameter: ParameterObject, hostile: boolean): fc.Arbitrary<unknown> {
  const fits = fitting(parameter.schema ?? { type: 'string' }, parameter.name);
  if (!hostile) return fits;
  if (parameter.name === 'cursor')
    return fc.oneof(ref('cursor'), forgedCursor, nastyShortString, nastyNumber);
  if (parameter.name === 'ids')
    return fc.oneof(fits, fc.array(nastyShortString, { maxLength: 120 }), nastyShortString);
  return fc.oneof({ weight: 1, arbitrary: fits }, { weight: 2, arbitrary: nastyShortString });
}

const garbageAuthorization = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Bearer null',
    'Basic dXNlcjpwYXNz',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
    'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ.x',
  ),
  headerValue.map((s) => `Bearer ${s}`),
);

function queryFor(params: ParameterObject[], hostile: boolean) {
  return fc
    .tuple(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: params.length,
        maxLength: params.length,
      }),
      fc.tuple(...params.map((p) => parameterValue(p, hostile))),
      fc.tuple(...params.map((p) => rarely(parameterValue(p, true), hostile ? 6 : 1000))),
      rarely(fc.tuple(nastyShortString, nastyShortString), hostile ? 4 : 1000),
    )
    .map(([rolls, values, repeats, extra]) => {
      const query: Array<[string, unknown]> = [];
      params.forEach((p, i) => {
        // A cursor only in one request of four: most lists are read from the start.
        const odds = p.required ? (hostile ? 0.9 : 1) : p.name === 'cursor' ? 0.25 : 0.5;
        if (rolls[i] < odds) query.push([p.name, values[i]]);
        if (repeats[i] !== null) query.push([p.name, repeats[i]]);
      });
      if (extra) query.push(extra);
      return query;
    });
}

function headersFor(operation: Operation, hostile: boolean) {
  const key = hostile
    ? fc.oneof(fc.uuid(), headerValue, fc.constantFrom('same-key', 'k'.repeat(256)))
    : fc.uuid();
  const signature = fc.oneof(
    headerValue,
    fc
      .tuple(
        fc.integer(),
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 }),
      )
      .map(([t, v]) => `t=${t},v1=${v}`),
  );
  return fc
    .record({ idempotencyKey: rarely(key, 3), signature: fc.option(signature, { freq: 4 }) })
    .map(({ idempotencyKey, signature }) => {
      const headers: Record<string, string> = {};
      if (idempotencyKey !== null) headers['Idempotency-Key'] = idempotencyKey;
      if (operation.raw && signature !== null) headers['Stripe-Signature'] = signature;
      return headers;
    });
}

function requestFor(operation: Operation, hostile: boolean): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  return fc.record({
    operation: fc.constant(operation),
    hostile: fc.constant(hostile),
    actor: fc.constantFrom<Actor>('anonymous', 'reader', 'subscriber', 'moderator', 'admin'),
    authorization: hostile ? rarely(garbageAuthorization, 4) : fc.constant(null),
    pathParams: fc.record(
      Object.fromEntries(pathParams.map((p) => [p.name, parameterValue(p, hostile)])),
    ) as fc.Arbitrary<Record<string, unknown>>,
    query: queryFor(queryParams, hostile),
    headers: headersFor(operation, hostile),
    body: bodyFor(operation, hostile),
  });
}

/**
 * One request for any operation, each operation equally likely: two in three are what a client
 * that read the documentation would send (they reach the services and the database), one in
 * three is hostile somewhere (values, extra fields, bodies, content types, tokens, cursors).
 */
export function anyRequest(operations: Operation[]): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    ...operations.map((operation) =>
      fc.oneof(
        { weight: 2, arbitrary: requestFor(operation, false) },
        { weight: 1, arbitrary: requestFor(operation, true) },
      ),
    ),
  );
}
