import { mayReadReplica } from './read-target';

describe('mayReadReplica', () => {
  const anonymousRead = { replicaAllowed: true };
  const signedInRead = { replicaAllowed: true, userId: 'u1' };

  it('sends reads of read requests to a healthy replica', () => {
    expect(mayReadReplica(anonymousRead, 1, false)).toBe(true);
    expect(mayReadReplica(signedInRead, 2, false)).toBe(true);
  });

  it("keeps a user's reads on the primary while they wrote recently", () => {
    expect(mayReadReplica(signedInRead, 1, true)).toBe(false);
  });

  it('reads the primary when no replica is healthy', () => {
    expect(mayReadReplica(anonymousRead, 0, false)).toBe(false);
  });

  it('reads the primary outside read requests: writes, background work, cache builds', () => {
    expect(mayReadReplica(undefined, 1, false)).toBe(false);
    expect(mayReadReplica({ replicaAllowed: false }, 1, false)).toBe(false);
  });
});
