'use strict';
const net = require('node:net');

const EMPTY = Buffer.alloc(0);
const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** An HTTP/1.1 chunked body decoded as it arrives (RFC 9112 §7.1; no trailers expected). */
class ChunkedBody {
  constructor() {
    this.left = 0; // data bytes left in the current chunk
    this.skip = 0; // bytes of the CRLF after a chunk's data still to skip
    this.line = EMPTY; // an incomplete chunk-size line
    this.ended = false;
  }

  /** The data bytes in `input`, in order. */
  push(input) {
    const bytes = this.line.length > 0 ? Buffer.concat([this.line, input]) : input;
    this.line = EMPTY;
    const data = [];
    let at = 0;
    while (at < bytes.length && !this.ended) {
      if (this.left > 0) {
        const n = Math.min(this.left, bytes.length - at);
        data.push(bytes.subarray(at, at + n));
        at += n;
        this.left -= n;
        if (this.left === 0) this.skip = CRLF.length;
      } else if (this.skip > 0) {
        const n = Math.min(this.skip, bytes.length - at);
        at += n;
        this.skip -= n;
      } else {
        const eol = bytes.indexOf(CRLF, at);
        if (eol < 0) {
          this.line = Buffer.from(bytes.subarray(at));
          break;
        }
        this.left = parseInt(bytes.toString('latin1', at, eol).split(';')[0], 16);
        if (!Number.isFinite(this.left)) throw new Error('malformed chunk size');
        at = eol + CRLF.length;
        if (this.left === 0) this.ended = true;
      }
    }
    return data.length === 1 ? data[0] : Buffer.concat(data);
  }
}

/**
 * A GET of an event stream on a bare TCP socket: no HTTP client, no stream objects, so that the
 * bench's reader of thousands of streams costs the shared machine as little as it can.
 * `onBody(bytes)` gets the body's bytes as they arrive (chunked or not). Resolves with the socket
 * once a 200's head is in; rejects on another status or a connection error. `onClose` runs
 * when an open stream's connection ends.
 */
function openEventStream({ origin, path, headers = {}, onBody, onClose }) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let head = EMPTY;
    let body = null;
    socket.on('connect', () => {
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${lines.join('')}\r\n`);
    });
    socket.on('data', (chunk) => {
      if (body) return onBody(body.push(chunk));
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(HEAD_END);
      if (end < 0) return undefined;
      const text = head.toString('latin1', 0, end);
      const status = Number(text.slice(9, 12));
      if (status !== 200) {
        socket.destroy();
        return reject(new Error(`stream answered ${status}`));
      }
      body = /\r\ntransfer-encoding:\s*chunked/i.test(text)
        ? new ChunkedBody()
        : { push: (b) => b };
      resolve(socket);
      const rest = head.subarray(end + HEAD_END.length);
      head = EMPTY;
      if (rest.length > 0) onBody(body.push(rest));
      return undefined;
    });
    socket.on('error', (error) => {
      if (!body) reject(error);
    });
    socket.on('close', () => {
      if (body) onClose();
    });
  });
}

module.exports = { ChunkedBody, openEventStream };
