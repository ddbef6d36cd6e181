import { describe, expect, it } from 'vitest';
import { senderLanes } from './senders.js';

const env = {
  QUEUE_PREFIX: 'dd',
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
  TWILIO_MPS: 80,
  TWILIO_WHATSAPP_SENDERS: { 'whatsapp:+27600000001': 20, 'whatsapp:+44700000002': undefined },
};
const message = (from: string | null) => ({ to: 'whatsapp:+27820000000', from, body: 'hi', contentSid: null });

describe('senderLanes', () => {
  it('paces each sender on its own key at its own MPS, TWILIO_MPS when it names none', () => {
    const lanes = senderLanes(env);
    expect(lanes(message('whatsapp:+27600000001'))).toEqual({
      key: 'dd:pacing:whatsapp:+27600000001',
      messagesPerSecond: 20,
    });
    expect(lanes(message('whatsapp:+44700000002'))).toEqual({
      key: 'dd:pacing:whatsapp:+44700000002',
      messagesPerSecond: 80,
    });
  });

  it('puts a message with no sender of its own on the default From, or on the Messaging Service', () => {
    expect(senderLanes(env)(message(null)).key).toBe('dd:pacing:whatsapp:+14155238886');
    const service = `MG${'1'.repeat(32)}`;
    expect(senderLanes({ ...env, TWILIO_MESSAGING_SERVICE_SID: service })(message(null))).toEqual({
      key: `dd:pacing:${service}`,
      messagesPerSecond: 80,
    });
  });
});
