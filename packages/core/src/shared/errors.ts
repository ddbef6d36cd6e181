/** Errors every layer understands; a leaf module, so nothing imports a use case to name a failure. */

/**
 * A call that may succeed if tried again later (network, 429, 5xx, credentials refused). The job
 * waits the outage out without spending an attempt. `mayHaveBeenAccepted` says whether the other
 * side may have done the work all the same (a timeout or reset after the request was written, a
 * 5xx): such a send is looked up before it is made again, never simply repeated.
 */
export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';
  readonly mayHaveBeenAccepted: boolean;
  /** Only an operator can end it (a wrong or rotated auth token): alert, and wait. */
  readonly needsOperator: boolean;
  /** Who is unavailable, e.g. `twilio` or `slack` (for metrics and logs). */
  readonly service: string;
  constructor(
    message: string,
    options: { mayHaveBeenAccepted?: boolean; needsOperator?: boolean; service?: string } = {},
  ) {
    super(message);
    this.mayHaveBeenAccepted = options.mayHaveBeenAccepted ?? false;
    this.needsOperator = options.needsOperator ?? false;
    this.service = options.service ?? 'delivery';
  }
}

/** A call the other side refused for good (invalid number, outside the session window, ...). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}
