/**
 * One WhatsApp message the bot must send (a reply, one part of a long one, or a notice).
 * `pending` → `sending` (claimed: the REST call is under way) → `sent` → `delivered`, or `failed`.
 */
export type OutboundStatus = 'pending' | 'sending' | 'sent' | 'delivered' | 'failed';

/**
 * How an outbound message's status moves, as data. Repositories build their conditional UPDATEs
 * from it (`WHERE status IN (from)`), so a move that is not in the table changes nothing.
 */
export const OUTBOUND_TRANSITIONS = {
  /** Before the REST call, so a re-run never sends what Twilio already accepted. */
  claim: { from: ['pending'], to: 'sending' },
  /** Twilio accepted nothing: sending again is safe. */
  release: { from: ['sending'], to: 'pending' },
  sent: { from: ['pending', 'sending'], to: 'sent' },
  /** Twilio's status callback: the handset has it (or read it). */
  delivered: { from: ['sent'], to: 'delivered' },
  /** Refused for good; Twilio can also report a failure after it accepted the message. */
  failed: { from: ['pending', 'sending', 'sent', 'delivered'], to: 'failed' },
} as const satisfies Record<string, { from: readonly OutboundStatus[]; to: OutboundStatus }>;

export type OutboundMove = keyof typeof OUTBOUND_TRANSITIONS;

/** Statuses of a message that may still go out: a reply is complete once none of its parts is in one. */
export const UNSENT_STATUSES = ['pending', 'sending'] as const satisfies readonly OutboundStatus[];

/** The status after `move`, or undefined when the table does not allow it from `status`. */
export function afterMove(status: OutboundStatus, move: OutboundMove): OutboundStatus | undefined {
  const { from, to } = OUTBOUND_TRANSITIONS[move];
  return (from as readonly OutboundStatus[]).includes(status) ? to : undefined;
}

export function isUnsent(status: OutboundStatus): boolean {
  return (UNSENT_STATUSES as readonly OutboundStatus[]).includes(status);
}

/**
 * Twilio error codes that refuse the recipient rather than the message: 21211 invalid number,
 * 21610 unsubscribed (STOP), 63003 unreachable on WhatsApp, 63016 outside the 24-hour window.
 * Another message to the same address would be refused the same way.
 */
export const RECIPIENT_REFUSALS: ReadonlySet<number> = new Set([21211, 21610, 63003, 63016]);

/** Twilio's "the recipient has unsubscribed (replied STOP)": an opt-out, recorded as one. */
export const UNSUBSCRIBED = 21610;

export function isRecipientRefusal(code: number | undefined): boolean {
  return code !== undefined && RECIPIENT_REFUSALS.has(code);
}

/** Twilio's statuses for a message it accepted and then could not deliver. */
export function isFailure(status: string): boolean {
  return status === 'failed' || status === 'undelivered';
}

/** How a failure report reads in the log and the interaction's error. */
export function reportReason(report: { status: string; errorCode?: number | undefined }): string {
  return `Twilio ${report.status}${report.errorCode ? ` (code ${report.errorCode})` : ''}`;
}
