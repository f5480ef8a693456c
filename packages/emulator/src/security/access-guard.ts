import { ReplyError } from '../http/replies.js';
import { sameSecret } from './constant-time.js';
import { type AccessRequest, checkAccess } from './policy.js';

/** Where a security failure is reported, and so in which words (docs/protocol.md#errors). */
export type DenialStyle = 'upload' | 'process' | 'text';

/**
 * The app's API key and secret, and the checks made with them. Failures are thrown as the
 * ReplyError each route answers with.
 */
export class AccessGuard {
  constructor(
    readonly apikey: string,
    /** The app secret; without one, policies are not enforced. */
    readonly secret: string | undefined,
  ) {}

  /**
   * The upload API's key check (also `/process`). Missing: 400 "Parameters are invalid" (the
   * text the service answers); a key that is not the app's: 401 "Invalid Application"
   * (docs/protocol.md#emulator-notes-api-keys lists 401 for a bad API key).
   */
  requireApikey(apikey: string | undefined): void {
    if (!apikey) {
      throw new ReplyError(400, 'Parameters are invalid', undefined, {
        detail: 'apikey is missing',
      });
    }
    if (apikey !== this.apikey) throw new ReplyError(401, 'Invalid Application');
  }

  /**
   * Enforces policy and signature when the emulator has a secret
   * (docs/protocol.md#emulator-notes-security); throws a 403 in the route's error shape otherwise.
   * Without a secret everything is allowed.
   */
  require(
    style: DenialStyle,
    policy: string | undefined,
    signature: string | undefined,
    access: AccessRequest,
  ): void {
    if (this.secret === undefined) return;
    const denial = checkAccess(this.secret, policy, signature, access);
    if (denial) this.refuse(style, denial.reason);
  }

  /**
   * The check of a URL about to be fetched, the first and every redirect target, against the
   * policy's `url` (what else the policy allows was checked before fetching).
   */
  urlCheck(
    style: DenialStyle,
    policy: string | undefined,
    signature: string | undefined,
  ): (url: string) => void {
    return (url) => this.require(style, policy, signature, { calls: [], urls: [url] });
  }

  /**
   * Throws the 403 of a security failure in the route's error shape
   * (docs/protocol.md#emulator-notes-security).
   */
  refuse(style: DenialStyle, reason: string): never {
    if (style === 'upload') {
      throw new ReplyError(403, 'Invalid App policy', undefined, { detail: reason });
    }
    if (style === 'process') throw new ReplyError(403, reason);
    throw new ReplyError(403, `application ${this.apikey} policy error: ${reason}`);
  }

  /**
   * Whether a request may use the control routes (`/__emulator/*`): always without a secret;
   * with one, only with the secret as a token (`Authorization: Bearer <secret>`, or the Basic
   * password the file API takes).
   */
  controlAllowed(authorization: string | undefined): boolean {
    if (this.secret === undefined) return true;
    if (authorization?.startsWith('Bearer ')) {
      return sameSecret(this.secret, authorization.slice(7).trim());
    }
    return this.basicAuthOk(authorization);
  }

  /**
   * HTTP Basic `app:<secret>`, the file API's documented alternative to a policy
   * (docs/protocol.md#emulator-notes-security).
   */
  basicAuthOk(authorization: string | undefined): boolean {
    if (!this.secret || !authorization?.startsWith('Basic ')) return false;
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    return sameSecret(this.secret, decoded.slice(decoded.indexOf(':') + 1));
  }
}
