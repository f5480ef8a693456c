import { ValidationError } from '@fs/core';
import { WebhookVerificationError } from './webhook-errors.js';

/** Default cap on a webhook body read by the adapters: webhooks are small JSON documents. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** Returns the validated `maxBodyBytes` option. */
export function maxBodyBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BODY_BYTES;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new ValidationError({
    option: 'maxBodyBytes',
    received: value,
    allowed: 'a positive integer number of bytes',
  });
}

export function bodyTooLarge(limit: number): WebhookVerificationError {
  return new WebhookVerificationError(
    'bad-input',
    `The webhook body is larger than maxBodyBytes (${limit} bytes); raise the option if such bodies are expected`,
  );
}

export function bodyAlreadyRead(howToKeepIt: string): ValidationError {
  return new ValidationError({
    option: 'request',
    received: 'a request whose body was already read',
    allowed: 'a request with its raw body unread',
    message: `The webhook request body was already read, so its raw bytes cannot be verified. ${howToKeepIt}`,
  });
}
