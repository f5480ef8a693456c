import { bytesToBase64Url } from '@fs/core';
import type { Policy } from './policy.js';
import { type JsonObject, serializePolicy } from './serialize-policy.js';

/** What `Security` and `signPolicy` sign: a checked `Policy` or any JSON object. */
export type PolicyInput = Policy | JsonObject;

/** The policy JSON as Python writes it, and its URL-safe base64 with `=` padding kept. */
export function encodePolicy(policy: PolicyInput): { json: string; policyB64: string } {
  const json = serializePolicy(policy as JsonObject);
  // The JSON is pure ASCII (every other character is escaped), so its bytes are its char codes.
  return { json, policyB64: bytesToBase64Url(asciiBytes(json)) };
}

export function asciiBytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
