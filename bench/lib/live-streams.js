'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { percentile } = require('./load');
const { residentBytes } = require('./processes');
const { openEventStream } = require('./sse-socket');

// The streams are scanned as bytes, never decoded: at 5,000 streams and 50 posts a second this
// client reads over 100 MB/s on the machine the service runs on, and needs only the comment ids
// and the last event id from it.
// A new comment's event, as the stream writes it: its id (36 ASCII characters) comes first.
const COMMENT_EVENT = Buffer.from('event: comment\ndata: {"id":"');
const EVENT_END = Buffer.from('\n\n');
// Every event starts with its `id:` line (data lines are JSON, which has no raw line breaks).
const ID_LINE = Buffer.from('id: ');
const NEXT_ID_LINE = Buffer.from('\nid: ');

/** The id of the last event in `bytes[0, end)`, a run of complete events; null if none has one. */
function lastEventId(bytes, end) {
  const next = bytes.lastIndexOf(NEXT_ID_LINE, end);
  const start =
    next >= 0 ? next + NEXT_ID_LINE.length : bytes.indexOf(ID_LINE) === 0 ? ID_LINE.length : -1;
  return start < 0 ? null : bytes.toString('latin1', start, bytes.indexOf(0x0a, start));
}

/**
 * Opens one stream and keeps it open as a browser's EventSource would: when the service closes
 * it (a reader too slow for its buffer), it reconnects with Last-Event-ID. `onComment(id)` for
 * each new comment; resolves once the first connection's headers are in.
 */
function openStream(origin, articleId, onComment, counters) {
  let lastId = null;
  let closed = false;
  let current = null;
  const connect = () => {
    let rest = Buffer.alloc(0);
    const onBody = (chunk) => {
      const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      const end = bytes.lastIndexOf(EVENT_END);
      if (end < 0) {
        rest = Buffer.from(bytes);
        return;
      }
      rest = Buffer.from(bytes.subarray(end + EVENT_END.length));
      for (
        let at = bytes.indexOf(COMMENT_EVENT);
        at >= 0 && at < end;
        at = bytes.indexOf(COMMENT_EVENT, at + COMMENT_EVENT.length)
      ) {
        const from = at + COMMENT_EVENT.length;
        onComment(bytes.toString('latin1', from, from + 36));
      }
      lastId = lastEventId(bytes, end) ?? lastId;
    };
    const onClose = () => {
      if (closed) return;
      counters.reconnects += 1;
      connect().catch(() => (counters.lost += 1));
    };
    return openEventStream({
      origin,
      path: `/api/v1/articles/${encodeURIComponent(articleId)}/stream`,
      headers: lastId ? { 'Last-Event-ID': lastId } : {},
      onBody,
      onClose,
    }).then((socket) => {
      current = socket;
    });
  };
  return connect().then(() => ({
    close: () => {
      closed = true;
      current?.destroy();
    },
  }));
}

/** CPU seconds (user + system) the process has used, from /proc (0 where there is none). */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function post(agent, origin, { path, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${origin}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `streams` readers of one article on one instance while comments are posted to it at `rate`
 * per second for `durationS`: whether every stream receives every post, the delivery latency
 * from the post's answer (201) to the event's arrival (an event that arrives before the answer
 * counts 0), and the instance's resident memory before and with the streams open.
 */
async function liveStreams({ origin, pid, articleId, streams, rate, durationS, next }) {
  const acked = new Map();
  const early = new Map();
  const delivered = new Map();
  const latencies = [];
  const onComment = (id) => {
    const now = performance.now();
    delivered.set(id, (delivered.get(id) ?? 0) + 1);
    const at = acked.get(id);
    if (at !== undefined) latencies.push(Math.max(0, now - at));
    else {
      const list = early.get(id) ?? [];
      list.push(now);
      early.set(id, list);
    }
  };

  const rssBefore = residentBytes(pid);
  const open = [];
  const counters = { reconnects: 0, lost: 0 };
  let refused = 0;
  const opening = performance.now();
  for (let i = 0; i < streams; i += 100) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(100, streams - i) }, () =>
        openStream(origin, articleId, onComment, counters),
      ),
    );
    for (const result of batch) {
      if (result.status === 'fulfilled') open.push(result.value);
      else refused += 1;
    }
  }
  const openedS = (performance.now() - opening) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssOpen = residentBytes(pid);

  const serviceCpuBefore = cpuSeconds(pid);
  const clientCpuBefore = process.cpuUsage();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * durationS);
  const statuses = new Map();
  let errors = 0;
  let peakRss = rssOpen;
  const start = performance.now();
  const sent = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + (i / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(
      post(agent, origin, next(i)).then(
        ({ status, body }) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 201) return;
          const now = performance.now();
          const { id } = JSON.parse(body);
          acked.set(id, now);
          for (let k = (early.get(id) ?? []).length; k > 0; k -= 1) latencies.push(0);
          early.delete(id);
        },
        () => {
          errors += 1;
        },
      ),
    );
    if (i % rate === 0) peakRss = Math.max(peakRss, residentBytes(pid));
  }
  await Promise.all(sent);
  const created = statuses.get(201) ?? 0;
  const expected = created * open.length;
  const deadline = performance.now() + 10_000;
  const received = () => [...acked.keys()].reduce((sum, id) => sum + (delivered.get(id) ?? 0), 0);
  while (received() < expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  peakRss = Math.max(peakRss, residentBytes(pid));
  const elapsedS = (performance.now() - start) / 1000;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  for (const stream of open) stream.close();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    streams: open.length,
    refused,
    reconnects: counters.reconnects,
    lostStreams: counters.lost,
    openedS,
    posts: total,
    created,
    errors,
    statuses: Object.fromEntries(statuses),
    expected,
    received: received(),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rssBefore,
    rssOpen,
    peakRss,
    // Share of one core each side used while posting and delivering (both run on this machine).
    serviceCpu: (cpuSeconds(pid) - serviceCpuBefore) / elapsedS,
    clientCpu: (clientCpu.user + clientCpu.system) / 1e6 / elapsedS,
    perThousandStreams: open.length > 0 ? ((rssOpen - rssBefore) / open.length) * 1000 : 0,
  };
}

module.exports = {
  liveStreams,
};
