import { thrown } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { assertHandle, isHandle, ValidationError } from '../src/index.js';

describe('handles', () => {
  it('accepts 20 characters of A-Z, a-z, 0-9, _ and -', () => {
    for (const handle of ['HLOon3NcTS6w7rqyZ3ei', 'pdn7PhZdT02GoYZCVYeF', 'a_b-c_d-e_f-g_h-i_j-']) {
      expect(isHandle(handle)).toBe(true);
      expect(assertHandle(handle)).toBe(handle);
    }
  });

  it.each([
    ['HLOon3NcTS6w7rqyZ3e', '19 characters'],
    ['HLOon3NcTS6w7rqyZ3eix', '21 characters'],
    ['HLOon3NcTS6w7rqyZ3e!', 'a symbol'],
    ['HLOon3NcTS6w/rqyZ3ei', 'a slash'],
    ['HLOon3NcTS6w7rqyZ3e\u00e9', 'a non-ASCII letter'],
    [' HLOon3NcTS6w7rqyZ3ei', 'surrounding space'],
  ])('rejects %j (%s)', (handle) => {
    expect(isHandle(handle)).toBe(false);
    const error = thrown(() => assertHandle(handle), ValidationError, {
      option: 'handle',
      received: handle,
    });
    expect(error.allowed).toBe('a Filestack handle: 20 characters of A-Z, a-z, 0-9, "_" or "-"');
  });

  it("rejects non-strings and names the caller's option", () => {
    expect(isHandle(1234)).toBe(false);
    const error = thrown(() => assertHandle(undefined, 'source'), ValidationError, {
      option: 'source',
    });
    expect(error.message).toMatch(/^Invalid source: got undefined; expected a Filestack handle/);
  });
});
