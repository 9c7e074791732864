import type { LiveEventStore } from './live-event.store';
import { PostgresLiveTransport } from './postgres-live-transport';

function transportWith(bounds: { last: string; first: string | null }): PostgresLiveTransport {
  const store = { bounds: () => Promise.resolve(bounds) } as unknown as LiveEventStore;
  return new PostgresLiveTransport(store, false);
}

describe('PostgresLiveTransport.lostAfter', () => {
  it('loses nothing for a reader at the last id, or whose next event is still kept', async () => {
    const transport = transportWith({ last: '10', first: '4' });
    await expect(transport.lostAfter('a', '10')).resolves.toBe(false);
    await expect(transport.lostAfter('a', '3')).resolves.toBe(false);
    await expect(transport.lostAfter('a', '7')).resolves.toBe(false);
  });

  it('says lost when events after the reader were purged', async () => {
    await expect(transportWith({ last: '10', first: '6' }).lostAfter('a', '4')).resolves.toBe(true);
    await expect(transportWith({ last: '10', first: null }).lostAfter('a', '9')).resolves.toBe(
      true,
    );
  });

  it('says lost for an id past the last one (given before a crash lost the newest events)', async () => {
    await expect(transportWith({ last: '10', first: '4' }).lostAfter('a', '12')).resolves.toBe(
      true,
    );
    await expect(transportWith({ last: '0', first: null }).lostAfter('a', '3')).resolves.toBe(true);
  });
});
