import { describe, expect, it, vi } from 'vitest';

// Both modules are wrapped in spies that call through, so the comparisons made are visible.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});
vi.mock('../src/security/constant-time.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/security/constant-time.js')>();
  return { sameSecret: vi.fn(actual.sameSecret) };
});

const { timingSafeEqual } = await import('node:crypto');
const { sameSecret } = await import('../src/security/constant-time.js');
const { AccessGuard } = await import('../src/security/access-guard.js');

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('the constant-time comparison of secrets', () => {
  it('compares two digests of the same length, whatever the lengths of the texts', async () => {
    const { sameSecret: real } = await vi.importActual<
      typeof import('../src/security/constant-time.js')
    >('../src/security/constant-time.js');
    vi.mocked(timingSafeEqual).mockClear();
    expect(real('the-secret', 'the-secret')).toBe(true);
    expect(real('the-secret', 't')).toBe(false);
    expect(real('the-secret', 'the-secret-and-more')).toBe(false);
    const lengths = vi
      .mocked(timingSafeEqual)
      .mock.calls.map(([a, b]) => [a.byteLength, b.byteLength]);
    expect(lengths).toEqual([
      [32, 32],
      [32, 32],
      [32, 32],
    ]);
  });

  it('is how the file API checks the Basic-auth password', () => {
    const guard = new AccessGuard('key', 'the-secret');
    vi.mocked(sameSecret).mockClear();
    expect(guard.basicAuthOk(basic('app:wrong'))).toBe(false);
    expect(guard.basicAuthOk(basic('app:the-secret'))).toBe(true);
    expect(vi.mocked(sameSecret).mock.calls).toEqual([
      ['the-secret', 'wrong'],
      ['the-secret', 'the-secret'],
    ]);
  });
});
