import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signWebhook } from './webhook-signature';

describe(signWebhook.name, () => {
  // The test vector published with the Standard Webhooks specification (and its libraries' tests).
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };

  it('reproduces the specification test vector', () => {
    expect(signWebhook(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(
      vector.signature,
    );
  });

  it('signs as the standardwebhooks library does, with or without the prefix', () => {
    const library = new Webhook(vector.secret);
    const expected = library.sign(vector.id, new Date(vector.timestamp * 1000), vector.body);
    expect(signWebhook(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(expected);
    expect(
      signWebhook(vector.secret.slice('whsec_'.length), vector.id, vector.timestamp, vector.body),
    ).toBe(expected);
  });

  it('is verified by the standardwebhooks library with a fresh secret, and only unchanged', () => {
    const secret = newWebhookSecret();
    const id = 'evt_0b6f8e40-35c3-4d0e-9a4b-4c8b4d0a9a11';
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'comment.created', id, data: { é: 'ü' } });
    const headers = (signature: string, at = timestamp) => ({
      'webhook-id': id,
      'webhook-timestamp': String(at),
      'webhook-signature': signature,
    });
    const signature = signWebhook(secret, id, timestamp, body);
    expect(new Webhook(secret).verify(body, headers(signature))).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers(signature))).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers(signature))).toThrow();
    const late = signWebhook(secret, id, timestamp - 3600, body);
    expect(() => new Webhook(secret).verify(body, headers(late, timestamp - 3600))).toThrow();
  });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
