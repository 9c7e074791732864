'use strict';
const net = require('node:net');

const EMPTY = Buffer.alloc(0);
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * A GET of an event stream on a bare TCP socket: no HTTP client, no stream objects, so that the
 * bench's reader of thousands of streams costs the shared machine as little as it can. The
 * service's streams are close-delimited (see the API's ArticleStreamController), so the body is
 * the bytes after the head; a chunked answer is refused rather than misread. `onBody(bytes)` gets
 * them as they arrive. Resolves with the socket once a 200's head is in; rejects on another
 * status, a chunked body or a connection error. `onClose` runs when an open stream's connection
 * ends.
 */
function openEventStream({ origin, path, headers = {}, onBody, onClose }) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let head = EMPTY;
    let open = false;
    socket.on('connect', () => {
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${lines.join('')}\r\n`);
    });
    socket.on('data', (chunk) => {
      if (open) return onBody(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(HEAD_END);
      if (end < 0) return undefined;
      const text = head.toString('latin1', 0, end);
      const status = Number(text.slice(9, 12));
      const refusal =
        status !== 200
          ? `stream answered ${status}`
          : /\r\ntransfer-encoding:/i.test(text)
            ? 'stream is not close-delimited (Transfer-Encoding)'
            : null;
      if (refusal) {
        socket.destroy();
        return reject(new Error(refusal));
      }
      open = true;
      resolve(socket);
      const rest = head.subarray(end + HEAD_END.length);
      head = EMPTY;
      if (rest.length > 0) onBody(rest);
      return undefined;
    });
    socket.on('error', (error) => {
      if (!open) reject(error);
    });
    socket.on('close', () => {
      if (open) onClose();
    });
  });
}

module.exports = { openEventStream };
