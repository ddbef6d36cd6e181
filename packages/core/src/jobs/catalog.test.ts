import { describe, expect, it } from 'vitest';
import { inboundMessageSchema, MAX_KEYWORDS_LENGTH } from './catalog.js';

const base = {
  messageSid: `SM${'a'.repeat(32)}`,
  accountSid: `AC${'0'.repeat(32)}`,
  from: 'whatsapp:+27825550101',
  receivedAt: new Date().toISOString(),
};

describe('inboundMessageSchema', () => {
  it('keeps the first 4096 characters of a long message without splitting an emoji', () => {
    const body = `${'x'.repeat(MAX_KEYWORDS_LENGTH - 1)}🐍🐍🐍`;
    const parsed = inboundMessageSchema.parse({ ...base, body });
    expect(Array.from(parsed.body)).toHaveLength(MAX_KEYWORDS_LENGTH);
    expect(parsed.body.endsWith('🐍')).toBe(true);
  });

  it('refuses a payload that is not an inbound message', () => {
    expect(inboundMessageSchema.safeParse({ ...base, messageSid: 'nope' }).success).toBe(false);
    expect(inboundMessageSchema.safeParse({ ...base, from: undefined }).success).toBe(false);
  });
});
