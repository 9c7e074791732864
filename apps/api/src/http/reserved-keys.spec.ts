import { findReservedKeys } from './reserved-keys';

describe(findReservedKeys.name, () => {
  it('names __proto__, constructor and prototype as JSON.parse makes them, at any depth', () => {
    const body = JSON.parse(
      '{"displayName":"F","__proto__":{"role":"admin"},"a":{"b":[{"constructor":{}},{"prototype":1}]}}',
    ) as unknown;
    expect(findReservedKeys(body, 20)).toEqual([
      { field: '__proto__', message: 'property __proto__ should not exist' },
      { field: 'a.b[0].constructor', message: 'property constructor should not exist' },
      { field: 'a.b[1].prototype', message: 'property prototype should not exist' },
    ]);
  });

  it('finds nothing in ordinary input, strings that spell the names included', () => {
    expect(findReservedKeys({ displayName: '__proto__', words: ['constructor'] }, 20)).toEqual([]);
    expect(findReservedKeys(null, 20)).toEqual([]);
    expect(findReservedKeys('constructor', 20)).toEqual([]);
  });

  it('stops at the limit, and survives deep nesting without recursion', () => {
    let deep: unknown = { constructor: 1 };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(findReservedKeys(deep, 20)).toHaveLength(1);
    const many = JSON.parse(`[${'{"__proto__":1},'.repeat(50)}{}]`) as unknown;
    expect(findReservedKeys(many, 20)).toHaveLength(20);
  });
});
