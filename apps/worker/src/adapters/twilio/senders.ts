import type { MessageToSend } from '@datadrill/core';
import type { PaceLane } from './send-pacer.js';

export interface SenderSettings {
  QUEUE_PREFIX: string;
  TWILIO_WHATSAPP_FROM: string;
  TWILIO_MPS: number;
  TWILIO_WHATSAPP_SENDERS: Readonly<Record<string, number | undefined>>;
  TWILIO_MESSAGING_SERVICE_SID?: string | undefined;
}

/**
 * Each message's pacing lane: the sender it goes from (its own, else the default From, else the
 * Messaging Service's pick), at that sender's MPS, shared by every worker through one Redis key.
 */
export function senderLanes(env: SenderSettings): (message: MessageToSend) => PaceLane {
  const fallback = env.TWILIO_MESSAGING_SERVICE_SID ?? env.TWILIO_WHATSAPP_FROM;
  return (message) => {
    const sender = message.from ?? fallback;
    return {
      key: `${env.QUEUE_PREFIX}:pacing:${sender}`,
      messagesPerSecond: env.TWILIO_WHATSAPP_SENDERS[sender] ?? env.TWILIO_MPS,
    };
  };
}
