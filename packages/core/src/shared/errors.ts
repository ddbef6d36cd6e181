/** Errors every layer understands; a leaf module, so nothing imports a use case to name a failure. */

/** A call that may succeed if tried again later (network, 429, 5xx). */
export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';
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
