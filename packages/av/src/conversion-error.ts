import { FilestackError } from '@fs/core';

/** What a conversion job says about itself (docs/protocol.md#job-answers). */
export type ConversionStatus = 'pending' | 'started' | 'completed' | 'failed';

/**
 * A conversion that did not give a result: it `failed` (code `CONVERSION_FAILED`, with the
 * service's message), or it is not finished yet when `result()` was asked for (code
 * `CONVERSION_NOT_READY`, `retryable`: ask again later, or use `wait()`).
 */
export class ConversionError extends FilestackError {
  static override readonly brand: string = 'ConversionError';
  /** The job's id (32 hex characters). */
  declare readonly uuid: string;
  /** The job's status when this was thrown. */
  declare readonly status: Exclude<ConversionStatus, 'completed'>;
  /** The service's own words, for a failed job (e.g. why the file could not be converted). */
  declare readonly serviceMessage: string | undefined;

  constructor(
    uuid: string,
    status: Exclude<ConversionStatus, 'completed'>,
    serviceMessage?: string,
  ) {
    const failed = status === 'failed';
    super(
      failed
        ? `Conversion ${uuid} failed${serviceMessage ? `: ${serviceMessage}` : ''}`
        : `Conversion ${uuid} is not finished (status: ${status})`,
      { code: failed ? 'CONVERSION_FAILED' : 'CONVERSION_NOT_READY', retryable: !failed },
    );
    this.uuid = uuid;
    this.status = status;
    this.serviceMessage = serviceMessage;
  }
}
