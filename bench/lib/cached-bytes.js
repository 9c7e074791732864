'use strict';
/**
 * The second baseline: a bare `node:http` server handing out bytes it holds in memory, the
 * ceiling of any Node server on this machine for a cached answer. It serves the service's own
 * anonymous first page, body and caching headers as the service sent them (BYTES_FILE, JSON
 * written by the runner), to every GET. Run as its own process: PORT, BYTES_FILE.
 */
const fs = require('node:fs');
const http = require('node:http');

const page = JSON.parse(fs.readFileSync(process.env.BYTES_FILE, 'utf8'));
const body = Buffer.from(page.body, 'utf8');
const headers = {
  ...page.headers,
  'Content-Type': 'application/json; charset=utf-8',
  'Content-Length': body.length,
};

const server = http.createServer((req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
