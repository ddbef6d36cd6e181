import type { PriceDeps } from '@datadrill/core';
import twilio, { type Twilio } from 'twilio';
import { classify } from './twilio-messenger.js';

/**
 * Twilio's price of one message, from its Message resource (GET /Messages/SM….json): `price` is
 * negative, as Twilio bills it, in `price_unit`; null until Twilio has priced the message. A message
 * Twilio no longer holds (deleted on erasure) is `gone`. Outages are classified as for sends, so the
 * status queue waits them out without spending the check.
 */
export function createMessagePrices(client: Twilio): Pick<PriceDeps, 'fetchPrice'> {
  return {
    async fetchPrice(messageSid) {
      try {
        const message = await client.messages(messageSid).fetch();
        if (message.price === null || message.price === undefined || message.price === '') return 'not yet';
        return { price: String(message.price), unit: (message.priceUnit || 'USD').toUpperCase() };
      } catch (error) {
        if (error instanceof twilio.RestException && error.status === 404) return 'gone';
        throw classify(error);
      }
    },
  };
}
