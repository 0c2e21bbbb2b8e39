import { OptionReader } from './option-reader';
import { EVENTS_DEFAULTS, resolveEvents } from './resolve-events';

const SECRET = 'webhook-secret-0123456789abcdef-0123';

function resolve(value: unknown) {
  const read = new OptionReader();
  return { resolved: resolveEvents(read, value), problems: read.problems };
}

describe('resolveEvents', () => {
  it('applies the defaults', () => {
    expect(resolve(undefined)).toEqual({ resolved: EVENTS_DEFAULTS, problems: [] });
  });

  it('takes https webhooks, and http on loopback only', () => {
    const { resolved, problems } = resolve({
      outbox: { maxAttempts: 3 },
      webhooks: [{ url: 'https://audit.example.com/hooks', secret: SECRET, events: ['locked'] }, { url: 'http://127.0.0.1:9000/', secret: SECRET, timeoutMs: 1000 }],
    });
    expect(problems).toEqual([]);
    expect(resolved.outbox.maxAttempts).toBe(3);
    expect(resolved.webhooks).toEqual([
      { url: 'https://audit.example.com/hooks', secret: SECRET, events: ['locked'], timeoutMs: 5000 },
      { url: 'http://127.0.0.1:9000/', secret: SECRET, timeoutMs: 1000 },
    ]);
  });

  it('refuses plain http, credentials in the URL, short secrets and unknown changes, never quoting the secret', () => {
    const { problems } = resolve({
      outbox: { batchSize: 0, colour: 'red' },
      webhooks: [
        { url: 'http://audit.example.com/hooks', secret: SECRET },
        { url: 'https://user:pass@audit.example.com/', secret: 'short-secret-value' },
        { url: 'https://audit.example.com/', secret: SECRET, events: ['renamed'] },
        { secret: SECRET },
      ],
    });
    expect(problems).toEqual([
      'options.events.outbox.colour: unknown option',
      'options.events.outbox.batchSize: must be an integer from 1 to 1000',
      'options.events.webhooks[0].url: must be an https URL without credentials (http only on loopback hosts)',
      'options.events.webhooks[1].url: must be an https URL without credentials (http only on loopback hosts)',
      'options.events.webhooks[1].secret: must be at least 32 characters',
      'options.events.webhooks[2].events: must be a non-empty array of "created", "updated", "deleted", "locked", "unlocked", "secret_rotated"',
      'options.events.webhooks[3].url: required',
    ]);
    expect(problems.join('\n')).not.toContain('short-secret-value');
  });
});
