import type { PolicyInput } from '../src/index.js';

export interface Vector {
  name: string;
  policy: PolicyInput;
  secret: string;
  /** `json.dumps(policy, sort_keys=True)` as Python 3 printed it. */
  json?: string;
  policyB64: string;
  signature: string;
}

/**
 * Expected values computed with CPython 3's standard library:
 * `b = base64.urlsafe_b64encode(json.dumps(policy, sort_keys=True).encode())` and
 * `hmac.new(secret.encode(), b, hashlib.sha256).hexdigest()`. The fourth is the Python SDK's
 * vector (docs/protocol.md#encoding-and-signing).
 */
export const VECTORS: Vector[] = [
  {
    name: 'read call, year-9999 expiry',
    policy: { expiry: 253381964415, call: ['read'] },
    secret: 'SECURITY-SECRET',
    json: '{"call": ["read"], "expiry": 253381964415}',
    policyB64: 'eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAyNTMzODE5NjQ0MTV9',
    signature: 'f61fa1effb0638ab5b6e208d5d2fd9343f8557d8a0bf529c6d8542935f77bb3c',
  },
  {
    name: 'expires 123',
    policy: { expires: 123 },
    secret: 'secret',
    json: '{"expires": 123}',
    policyB64: 'eyJleHBpcmVzIjogMTIzfQ==',
    signature: '379d2ba0d5be34eddf09f873b7f38643dc51599b0afcd564f52733b52d698748',
  },
  {
    name: 'expires 999999999999',
    policy: { expires: 999999999999 },
    secret: 'secret',
    policyB64: 'eyJleHBpcmVzIjogOTk5OTk5OTk5OTk5fQ==',
    signature: '8c75305f7615776a892ddd165111dba0fa24b45107024a55a7170a7d1d60157a',
  },
  {
    name: 'the Python SDK vector',
    policy: { call: ['read'], expiry: 10238239 },
    secret: 'APPSECRET',
    policyB64: 'eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAxMDIzODIzOX0=',
    signature: '858d1ee9c0a1f06283e495f78dc7950ff6e64136ce960465f35539791fcd486b',
  },
  {
    name: 'unicode in path (BMP and astral), non-ASCII secret',
    policy: { expiry: 1700000000, call: ['pick', 'store'], path: 'uploads/naïve café/日本語/😀/' },
    secret: 'sêcret-ü',
    json: '{"call": ["pick", "store"], "expiry": 1700000000, "path": "uploads/na\\u00efve caf\\u00e9/\\u65e5\\u672c\\u8a9e/\\ud83d\\ude00/"}',
    policyB64:
      'eyJjYWxsIjogWyJwaWNrIiwgInN0b3JlIl0sICJleHBpcnkiOiAxNzAwMDAwMDAwLCAicGF0aCI6ICJ1cGxvYWRzL25hXHUwMGVmdmUgY2FmXHUwMGU5L1x1NjVlNVx1NjcyY1x1OGE5ZS9cdWQ4M2RcdWRlMDAvIn0=',
    signature: '6f2706f7b899bc6f3913e50778c8528bc2e2d2984b5f3467d1900c1ccc07000e',
  },
  {
    name: 'nested objects and arrays, escapes',
    policy: {
      expiry: 1700000000,
      meta: { z: [1, 2.5, { b: null, a: true }], a: { y: 'x"y\\z\n\t/' } },
      call: ['read'],
    },
    secret: 'secret',
    json: '{"call": ["read"], "expiry": 1700000000, "meta": {"a": {"y": "x\\"y\\\\z\\n\\t/"}, "z": [1, 2.5, {"a": true, "b": null}]}}',
    policyB64:
      'eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAxNzAwMDAwMDAwLCAibWV0YSI6IHsiYSI6IHsieSI6ICJ4XCJ5XFx6XG5cdC8ifSwgInoiOiBbMSwgMi41LCB7ImEiOiB0cnVlLCAiYiI6IG51bGx9XX19',
    signature: '357d8fa8e15b9436c9c3086a72cfa11965bd54143f531d37d507934c28fab08c',
  },
  {
    name: 'empty call',
    policy: { call: [], expiry: 1700000000 },
    secret: 'secret',
    json: '{"call": [], "expiry": 1700000000}',
    policyB64: 'eyJjYWxsIjogW10sICJleHBpcnkiOiAxNzAwMDAwMDAwfQ==',
    signature: '617b23ce638ac560b7508467588b353e33782655d80ad211cd9a89f1b310c857',
  },
  {
    name: 'numbers: Python float repr and big integers',
    policy: {
      expiry: 1700000000,
      ratio: 0.00001,
      tiny: 1.5e-7,
      neg: -0.25,
      big: 1e21,
      third: 1 / 3,
      f: 0.0001,
      zero: 0,
      negint: -42,
    },
    secret: 'secret',
    json: '{"big": 1000000000000000000000, "expiry": 1700000000, "f": 0.0001, "neg": -0.25, "negint": -42, "ratio": 1e-05, "third": 0.3333333333333333, "tiny": 1.5e-07, "zero": 0}',
    policyB64:
      'eyJiaWciOiAxMDAwMDAwMDAwMDAwMDAwMDAwMDAwLCAiZXhwaXJ5IjogMTcwMDAwMDAwMCwgImYiOiAwLjAwMDEsICJuZWciOiAtMC4yNSwgIm5lZ2ludCI6IC00MiwgInJhdGlvIjogMWUtMDUsICJ0aGlyZCI6IDAuMzMzMzMzMzMzMzMzMzMzMywgInRpbnkiOiAxLjVlLTA3LCAiemVybyI6IDB9',
    signature: '70b1a4f7319e5a05ccd0dcab870c4b39b1ed88a507683e011551ec2e27bb47d5',
  },
  {
    name: 'keys sorted by code point, astral after U+FFFF',
    policy: { b: 1, a: 2, é: 3, '\uffff': 4, '😀': 5, B: 6, '': 7, expiry: 1700000000 },
    secret: 'secret',
    json: '{"": 7, "B": 6, "a": 2, "b": 1, "expiry": 1700000000, "\\u00e9": 3, "\\uffff": 4, "\\ud83d\\ude00": 5}',
    policyB64:
      'eyIiOiA3LCAiQiI6IDYsICJhIjogMiwgImIiOiAxLCAiZXhwaXJ5IjogMTcwMDAwMDAwMCwgIlx1MDBlOSI6IDMsICJcdWZmZmYiOiA0LCAiXHVkODNkXHVkZTAwIjogNX0=',
    signature: 'd8c0521338303a9d5a548542eef4db5aac0e6fd59df58c1f532aca8e7735ff38',
  },
  {
    name: 'control characters and DEL',
    policy: { expiry: 1700000000, path: 'a\u0000b\u001fc\u007fd\be\ff\rg' },
    secret: 'secret',
    json: '{"expiry": 1700000000, "path": "a\\u0000b\\u001fc\\u007fd\\be\\ff\\rg"}',
    policyB64:
      'eyJleHBpcnkiOiAxNzAwMDAwMDAwLCAicGF0aCI6ICJhXHUwMDAwYlx1MDAxZmNcdTAwN2ZkXGJlXGZmXHJnIn0=',
    signature: '88b7fba38e889bcec8eedef3947b2a6e4093d848cff4aaccbdf793306800e418',
  },
  {
    name: 'secret longer than an HMAC block',
    policy: { expiry: 1700000000, call: ['read'] },
    secret: 'k'.repeat(100),
    policyB64: 'eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAxNzAwMDAwMDAwfQ==',
    signature: '7867fd166bad1ea116304855c0e7f41fe628eaa088de5eb4b372e5be14bbbf00',
  },
  {
    name: 'every field of a policy',
    policy: {
      expiry: 1700003600,
      call: [
        'pick',
        'read',
        'stat',
        'write',
        'writeUrl',
        'store',
        'convert',
        'remove',
        'exif',
        'runWorkflow',
      ],
      handle: 'HLOon3NcTS6w7rqyZ3ei',
      url: 'https://example\\.com/.*',
      maxSize: 10485760,
      minSize: 1,
      path: '^uploads/.*',
      container: 'my-bucket',
    },
    secret: 'SECURITY-SECRET',
    policyB64:
      'eyJjYWxsIjogWyJwaWNrIiwgInJlYWQiLCAic3RhdCIsICJ3cml0ZSIsICJ3cml0ZVVybCIsICJzdG9yZSIsICJjb252ZXJ0IiwgInJlbW92ZSIsICJleGlmIiwgInJ1bldvcmtmbG93Il0sICJjb250YWluZXIiOiAibXktYnVja2V0IiwgImV4cGlyeSI6IDE3MDAwMDM2MDAsICJoYW5kbGUiOiAiSExPb24zTmNUUzZ3N3JxeVozZWkiLCAibWF4U2l6ZSI6IDEwNDg1NzYwLCAibWluU2l6ZSI6IDEsICJwYXRoIjogIl51cGxvYWRzLy4qIiwgInVybCI6ICJodHRwczovL2V4YW1wbGVcXC5jb20vLioifQ==',
    signature: '552b29aef9642996b6025fdbea4778a49e219cdbab95f2fd11e1a9cd01baf131',
  },
];

/** Python's `json.dumps(float)` for numbers JavaScript also holds as non-integers. */
export const FLOATS: [number, string][] = [
  [0.1, '0.1'],
  [1.5, '1.5'],
  [-2.75, '-2.75'],
  [1e-5, '1e-05'],
  [1.5e-7, '1.5e-07'],
  [0.0001, '0.0001'],
  [0.00012345, '0.00012345'],
  [123.456, '123.456'],
  [1 / 3, '0.3333333333333333'],
  [2 / 3, '0.6666666666666666'],
  [1e-300, '1e-300'],
  [5e-324, '5e-324'],
  [0.1 + 0.2, '0.30000000000000004'],
  [9007199254740.5, '9007199254740.5'],
  [1234567890.123, '1234567890.123'],
  [3.14159e-10, '3.14159e-10'],
  [-0.0001, '-0.0001'],
  [-1.01e-5, '-1.01e-05'],
  [0.5, '0.5'],
  [1e-7, '1e-07'],
];
