import { rejection, thrown } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import {
  assertSignedPolicy,
  bytesToBase64Url,
  HttpError,
  policyExpiry,
  REFRESH_MARGIN_SECONDS,
  type SignedPolicy,
  securitySource,
  ValidationError,
  withFreshPolicy,
} from '../src/index.js';

function signed(expiry: number, tag = 'sig'): SignedPolicy {
  const policy = bytesToBase64Url(
    new TextEncoder().encode(JSON.stringify({ expiry, call: ['pick'] })),
  );
  return { policy, signature: `${tag}-${expiry}` };
}

/** A provider that hands out `policies` in order and counts its calls. */
function provider(policies: Array<SignedPolicy | Error>) {
  const state = { calls: 0 };
  const next = async () => {
    const value = policies[Math.min(state.calls, policies.length - 1)]!;
    state.calls++;
    if (value instanceof Error) throw value;
    return value;
  };
  return { next, state };
}

describe('securitySource', () => {
  it('has nothing to send when the app uses no security', async () => {
    const source = securitySource(undefined);
    expect(await source.current()).toBeUndefined();
    expect(await source.refresh()).toBe(false);
  });

  it('uses a signed policy given as data as it is', async () => {
    const data = signed(2_000_000_000);
    const source = securitySource(data);
    expect(await source.current()).toEqual(data);
    expect(await source.refresh()).toBe(false);
  });

  it('rejects malformed data at once, without echoing it', () => {
    const error = thrown(
      () => securitySource({ policy: 'eyJzZWNyZXQiOnRydWV9', signature: '' }),
      ValidationError,
    );
    expect(error.option).toBe('security');
    expect(error.message).not.toContain('eyJzZWNyZXQiOnRydWV9');
    expect(JSON.stringify(error)).not.toContain('eyJzZWNyZXQiOnRydWV9');
    thrown(() => securitySource('policy' as never), ValidationError, {
      option: 'security',
      received: 'string',
    });
  });

  it('calls a provider lazily and once while its policy is fresh', async () => {
    const { next, state } = provider([signed(10_000)]);
    const source = securitySource(next, () => 1_000 * 1000);
    expect(state.calls).toBe(0);
    expect(await source.current()).toEqual(signed(10_000));
    await source.current();
    await source.current();
    expect(state.calls).toBe(1);
  });

  it('asks the provider again within a minute of the expiry', async () => {
    let nowSeconds = 1_000;
    const { next, state } = provider([signed(2_000, 'a'), signed(5_000, 'b')]);
    const source = securitySource(next, () => nowSeconds * 1000);
    expect((await source.current())?.signature).toBe('a-2000');
    nowSeconds = 2_000 - REFRESH_MARGIN_SECONDS - 1;
    expect((await source.current())?.signature).toBe('a-2000');
    nowSeconds = 2_000 - REFRESH_MARGIN_SECONDS;
    expect((await source.current())?.signature).toBe('b-5000');
    expect((await source.current())?.signature).toBe('b-5000');
    expect(state.calls).toBe(2);
  });

  it('does not cache a failed provider call', async () => {
    const { next, state } = provider([new Error('backend down'), signed(10_000)]);
    const source = securitySource(next, () => 0);
    await rejection(source.current(), Error, { message: 'backend down' });
    expect(await source.current()).toEqual(signed(10_000));
    expect(state.calls).toBe(2);
  });

  it('refreshes on demand after a policy rejection', async () => {
    const { next, state } = provider([signed(10_000, 'a'), signed(10_000, 'b')]);
    const source = securitySource(next, () => 0);
    expect((await source.current())?.signature).toBe('a-10000');
    expect(await source.refresh()).toBe(true);
    expect((await source.current())?.signature).toBe('b-10000');
    expect(state.calls).toBe(2);
  });

  it('keeps a newer policy when an older provider call fails late', async () => {
    let failFirst: (error: Error) => void = () => {};
    let calls = 0;
    const source = securitySource(
      () => {
        calls++;
        if (calls === 1) return new Promise<SignedPolicy>((_, reject) => (failFirst = reject));
        return signed(10_000, `call${calls}`);
      },
      () => 0,
    );
    const first = rejection(source.current(), Error, { message: 'late failure' });
    await source.refresh();
    failFirst(new Error('late failure'));
    await first;
    expect((await source.current())?.signature).toBe('call2-10000');
    expect(calls).toBe(2);
  });

  it('rejects what a provider returns when it is not a signed policy', async () => {
    const source = securitySource(async () => ({ policy: 'p' }) as unknown as SignedPolicy);
    await rejection(source.current(), ValidationError, { option: 'security()' });
  });
});

describe('policyExpiry', () => {
  it('reads expiry from either base64 alphabet, padded or not', () => {
    const json = JSON.stringify({ call: ['read'], expiry: 1_700_000_000, path: '??>>' });
    const url = bytesToBase64Url(new TextEncoder().encode(json));
    expect(policyExpiry(url)).toBe(1_700_000_000);
    expect(policyExpiry(url.replace(/=+$/, ''))).toBe(1_700_000_000);
    expect(policyExpiry(btoa(json))).toBe(1_700_000_000);
  });

  it('is undefined for anything else', () => {
    expect(policyExpiry('not base64!')).toBeUndefined();
    expect(policyExpiry(btoa('not json'))).toBeUndefined();
    expect(policyExpiry(btoa('{"expiry":"soon"}'))).toBeUndefined();
  });
});

describe('assertSignedPolicy', () => {
  it('returns a copy with only policy and signature', () => {
    const input = { policy: 'p', signature: 's', extra: 1 };
    expect(assertSignedPolicy(input)).toEqual({ policy: 'p', signature: 's' });
  });
});

describe('withFreshPolicy', () => {
  const refusal = (status: number) =>
    new HttpError({ status, method: 'GET', url: 'http://x', body: 'refused', retryable: false });
  const far = 4_102_444_800; // 2100-01-01: never within the refresh margin

  /** A request that fails with `failures` in order, then answers with the policy it was given. */
  function request(failures: Error[]) {
    const sent: Array<SignedPolicy | undefined> = [];
    const send = async (policy: SignedPolicy | undefined) => {
      sent.push(policy);
      const failure = failures[sent.length - 1];
      if (failure) throw failure;
      return policy;
    };
    return { send, sent };
  }

  for (const status of [401, 403]) {
    it(`repeats a request once with the provider's new policy after an HTTP ${status}`, async () => {
      const { next } = provider([signed(far, 'old'), signed(far, 'new')]);
      const { send, sent } = request([refusal(status)]);
      await expect(withFreshPolicy(securitySource(next), send)).resolves.toEqual(
        signed(far, 'new'),
      );
      expect(sent.map((policy) => policy?.signature)).toEqual([`old-${far}`, `new-${far}`]);
    });
  }

  it('throws the second rejection instead of asking again', async () => {
    const { next, state } = provider([signed(far, 'a'), signed(far, 'b'), signed(far, 'c')]);
    const second = refusal(403);
    const { send, sent } = request([refusal(403), second]);
    expect(await rejection(withFreshPolicy(securitySource(next), send), HttpError)).toBe(second);
    expect(sent).toHaveLength(2);
    expect(state.calls).toBe(2);
  });

  it('does not repeat a request refused with a policy given as data', async () => {
    const refused = refusal(403);
    const { send, sent } = request([refused]);
    const source = securitySource(signed(far));
    expect(await rejection(withFreshPolicy(source, send), HttpError)).toBe(refused);
    expect(sent).toHaveLength(1);
  });

  it('does not ask the provider again for failures other than 401 and 403', async () => {
    const { next, state } = provider([signed(far, 'a'), signed(far, 'b')]);
    for (const failure of [refusal(404), refusal(500), new TypeError('offline')]) {
      const { send, sent } = request([failure]);
      expect(await rejection(withFreshPolicy(securitySource(next), send), Error)).toBe(failure);
      expect(sent).toHaveLength(1);
    }
    expect(state.calls).toBe(3);
  });

  it('sends no policy when the app uses no security', async () => {
    const { send, sent } = request([]);
    await withFreshPolicy(securitySource(undefined), send);
    expect(sent).toEqual([undefined]);
  });
});
