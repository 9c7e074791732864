import { Injectable } from '@nestjs/common';
import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookTarget } from './webhook-target';

/**
 * One POST to a checked target. The connection goes to the address checked (the `lookup` below
 * answers with it, whatever DNS says by now), TLS still verifies the certificate against the
 * URL's host name, redirects are not followed (a 3xx is a failure like any non-2xx), no
 * connection is kept or shared, and `signal` aborts the whole exchange.
 */
@Injectable()
export class WebhookSender {
  post(
    target: WebhookTarget,
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal,
  ): Promise<number> {
    const pinned: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const { url } = target;
    const options: RequestOptions = {
      method: 'POST',
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned,
      agent: false,
      signal,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const req = send(options, (res) => {
        // The status is the answer; the body is not read (the connection is not reused).
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
