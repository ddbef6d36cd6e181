import type { DeliveryReport } from '../jobs/catalog.js';
import type { DeliveryDeps } from './ports.js';
import { failDelivery } from './send-outbound.js';
import { isFailure, reportReason } from './states.js';

/**
 * Twilio's word on a message it accepted: `failed`/`undelivered` undo the delivery, `delivered`/`read`
 * confirm it. A failure that overtakes the worker storing the SID is kept, and applied when it lands.
 */
export async function applyDeliveryReport(deps: DeliveryDeps, report: DeliveryReport): Promise<void> {
  let message = await deps.store.findBySid(report.messageSid);
  if (!message && isFailure(report.status)) {
    await deps.store.keepEarlyReport(report, deps.clock.now());
    // The SID may have landed between the lookup and the keep, missing the kept report: look again.
    message = await deps.store.findBySid(report.messageSid);
    if (!message) {
      deps.log.info(
        { outboundSid: report.messageSid, status: report.status },
        'failure reported before its SID was stored; kept',
      );
      return;
    }
  }
  if (!message) return;
  if (report.status === 'delivered' || report.status === 'read') {
    await deps.store.markHandsetDelivered(message.id);
  } else if (isFailure(report.status) && message.status !== 'failed') {
    await failDelivery(deps, message, reportReason(report), report.errorCode);
  }
}
