import type { PriceDeps } from '@datadrill/core';
import type { Knex } from 'knex';

/** Twilio's price on our `outbound_messages` row (migration 013's `price`, `price_unit`), found by its SID. */
export function createPriceRepository(db: Knex): Pick<PriceDeps, 'storedPrice' | 'recordPrice'> {
  return {
    async storedPrice(messageSid) {
      const row = await db('outbound_messages').where({ twilio_sid: messageSid }).first('price');
      if (!row) return 'missing';
      return row.price === null ? 'unpriced' : 'priced';
    },
    async recordPrice(messageSid, { price, unit }) {
      await db('outbound_messages')
        .where({ twilio_sid: messageSid })
        .whereNull('price')
        .update({ price, price_unit: unit.slice(0, 8) });
    },
  };
}
