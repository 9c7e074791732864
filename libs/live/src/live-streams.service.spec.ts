import { loadConfig, StaticAppConfig } from '@parley/config';
import { compareIds, START_ID } from './event-ids';
import type { LiveEvent, NewLiveEvent, ReplayView } from './live-event';
import { EventSink, LiveStream, MAX_HELD_EVENTS } from './live-stream';
import { LiveStreams } from './live-streams.service';
import { LiveTransport } from './live-transport';

/** An in-memory history with counter ids; `trimBefore` drops old events as retention does. */
class MemoryTransport extends LiveTransport {
  events: LiveEvent[] = [];
  last = 0;
  wake: (articleId: string | null) => void = () => undefined;
  /** Runs before each history read returns (to interleave appends with a catch-up). */
  duringRead: () => void = () => undefined;

  async append(articleId: string, events: NewLiveEvent[]): Promise<void> {
    for (const e of events)
      this.events.push({ id: String(++this.last), event: e.event, data: JSON.stringify(e.data) });
    this.wake(articleId);
  }
  ownsId(id: string): boolean {
    return !id.includes('-');
  }
  async readAfter(_articleId: string, afterId: string, limit: number): Promise<LiveEvent[]> {
    const found = this.events.filter((e) => compareIds(e.id, afterId) > 0).slice(0, limit);
    this.duringRead();
    return found;
  }
  async latestId(): Promise<string> {
    return this.last === 0 ? START_ID : String(this.last);
  }
  async lostAfter(_articleId: string, afterId: string): Promise<boolean> {
    const first = this.events[0];
    return Number(afterId) < this.last && (!first || Number(afterId) < Number(first.id) - 1);
  }
  async watch(wake: (articleId: string | null) => void): Promise<void> {
    this.wake = wake;
  }
  async close(): Promise<void> {}
  trimBefore(id: number): void {
    this.events = this.events.filter((e) => Number(e.id) >= id);
  }
}

class MemorySink implements EventSink {
  chunks: string[] = [];
  writableLength = 0;
  ended = false;
  destroyed = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** [id, event] of every event written. */
  get events(): [string, string][] {
    return this.chunks
      .join('')
      .split('\n\n')
      .filter((c) => c.startsWith('id:'))
      .map((c) => {
        const [id, event] = c.split('\n');
        return [id.slice(4), event.slice(7)];
      });
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe(LiveStreams.name, () => {
  let transport: MemoryTransport;
  let streams: LiveStreams;

  beforeEach(async () => {
    transport = new MemoryTransport();
    const config = new StaticAppConfig(
      loadConfig({ NODE_ENV: 'test', MAX_STREAMS: '3', LIVE_MAX_BUFFER_BYTES: '1024' }),
    );
    streams = new LiveStreams(transport, config);
    await streams.onModuleInit();
  });
  afterEach(() => streams.onModuleDestroy());

  const post = (n: number) =>
    transport.append(
      'a1',
      Array.from({ length: n }, (_, i) => ({ event: 'comment', data: { i } })),
    );

  async function open(
    lastEventId: string | null,
    sink = new MemorySink(),
    replay: ReplayView = async (_articleId, events) => events,
  ) {
    const place = streams.reserve();
    const stream = await streams.start(
      'a1',
      lastEventId,
      sink,
      async () => ({ commentCount: 7 }),
      replay,
      place.release,
    );
    return { stream, sink };
  }

  it('starts a new stream with the count at the latest id, then sends what follows', async () => {
    await post(2);
    const { sink } = await open(null);
    await post(2);
    await flush();
    expect(sink.events).toEqual([
      ['2', 'count'],
      ['3', 'comment'],
      ['4', 'comment'],
    ]);
  });

  it('resumes after Last-Event-ID: the history, then live events, none twice or missing', async () => {
    await post(5);
    // Events appended while the stream reads the history arrive through the feed as well.
    let extra = 2;
    transport.duringRead = () => {
      if (extra-- > 0) void post(1);
    };
    const { sink } = await open('2');
    transport.duringRead = () => undefined;
    await post(1);
    await flush();
    expect(sink.events.map(([id]) => id)).toEqual(['3', '4', '5', '6', '7', '8']);
  });

  it('catches up in batches longer than one read', async () => {
    await post(1200);
    const { sink } = await open('0');
    expect(sink.events).toHaveLength(1200);
    expect(sink.events[1199][0]).toBe('1200');
  });

  it('sends the history through the replay view, a batch at a time, and live events as they come', async () => {
    await post(1200);
    const batches: number[] = [];
    // Keeps the odd ids only, with data of its own.
    const { sink } = await open('0', new MemorySink(), async (articleId, events) => {
      expect(articleId).toBe('a1');
      batches.push(events.length);
      return events.filter((e) => Number(e.id) % 2 === 1).map((e) => ({ ...e, data: '"now"' }));
    });
    await post(1);
    await flush();
    expect(batches).toEqual([500, 500, 200]);
    expect(sink.events.map(([id]) => id)).toEqual([
      ...Array.from({ length: 600 }, (_, i) => String(2 * i + 1)),
      '1201',
    ]);
    expect(sink.chunks.join('')).toContain('id: 1199\nevent: comment\ndata: "now"\n\n');
    expect(sink.chunks.join('')).toContain('id: 1201\nevent: comment\ndata: {"i":0}\n\n');
  });

  it("sends none of what the replay view left out, not even the feed's copy held meanwhile", async () => {
    await post(3);
    // Appended once the stream is on the feed, before its history is read: the stream gets it
    // from both, the feed's copy as it was published.
    const lostAfter = transport.lostAfter.bind(transport);
    transport.lostAfter = async (articleId, afterId) => {
      await post(1);
      return lostAfter(articleId, afterId);
    };
    const { sink } = await open('0', new MemorySink(), async (_articleId, events) =>
      events.filter((e) => e.id !== '4' && e.id !== '2'),
    );
    await post(1);
    await flush();
    expect(sink.events.map(([id]) => id)).toEqual(['1', '3', '5']);
  });

  it('sends a reset at the current position when the history no longer reaches back', async () => {
    await post(10);
    transport.trimBefore(6);
    const { sink } = await open('3');
    await post(1);
    await flush();
    expect(sink.events).toEqual([
      ['10', 'reset'],
      ['11', 'comment'],
    ]);
  });

  it('sends a reset for an id of another form', async () => {
    await post(1);
    const { sink } = await open('1700000000000-0');
    expect(sink.events).toEqual([['1', 'reset']]);
  });

  it('refuses a stream beyond MAX_STREAMS, and takes one again once a place is free', async () => {
    const places = [streams.reserve(), streams.reserve(), streams.reserve()];
    expect(() => streams.reserve()).toThrow(
      expect.objectContaining({ code: 'service_unavailable' }),
    );
    places[0].release();
    places[0].release();
    expect(streams.size).toBe(2);
    expect(() => streams.reserve()).not.toThrow();
  });

  it('cuts off a reader whose unsent bytes pass the bound, and frees its place', async () => {
    const { sink } = await open(null);
    expect(streams.size).toBe(1);
    sink.writableLength = 2048;
    await post(1);
    await flush();
    expect(sink.destroyed).toBe(true);
    expect(streams.size).toBe(0);
  });

  it('cuts off a stream that holds too many events while it catches up', () => {
    const sink = new MemorySink();
    let released = false;
    const stream = new LiveStream('a1', sink, 1024, '0', () => (released = true));
    for (let i = 1; i <= MAX_HELD_EVENTS; i += 1)
      stream.offer({ id: String(i), event: 'comment', data: '{}' });
    expect(sink.destroyed).toBe(false);
    stream.offer({ id: String(MAX_HELD_EVENTS + 1), event: 'comment', data: '{}' });
    expect(sink.destroyed).toBe(true);
    expect(released).toBe(true);
  });

  it('sends held events after the history, skipping those the history sent', () => {
    const sink = new MemorySink();
    const stream = new LiveStream('a1', sink, 1024, '2', () => undefined);
    stream.offer({ id: '4', event: 'comment', data: '{}' });
    stream.offer({ id: '5', event: 'comment', data: '{}' });
    for (const id of ['2', '3', '4']) stream.send({ id, event: 'comment', data: '{}' });
    stream.goLive();
    stream.offer({ id: '5', event: 'comment', data: '{}' });
    stream.offer({ id: '6', event: 'comment', data: '{}' });
    expect(sink.events.map(([id]) => id)).toEqual(['3', '4', '5', '6']);
  });

  it('ends every stream on shutdown and refuses new ones', async () => {
    const { sink } = await open(null);
    streams.closeAll();
    expect(sink.ended).toBe(true);
    expect(streams.size).toBe(0);
    expect(() => streams.reserve()).toThrow(
      expect.objectContaining({ code: 'service_unavailable' }),
    );
  });
});
