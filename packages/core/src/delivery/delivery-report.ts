import type { DeliveryReport } from '../jobs/catalog.js';
import type { DeliveryDeps } from './ports.js';
import { failDelivery } from './send-outbound.js';

/** Twilio's word on a message it accepted: `failed`/`undelivered` undo the delivery, `delivered`/`read` confirm it. */
export async function applyDeliveryReport(deps: DeliveryDeps, report: DeliveryReport): Promise<void> {
  const message = await deps.store.findBySid(report.messageSid);
  if (!message) {
    deps.log.warn({ outboundSid: report.messageSid, status: report.status }, 'status for a message we did not send');
    return;
  }
  if (report.status === 'delivered' || report.status === 'read') {
    await deps.store.markHandsetDelivered(message.id);
  } else if ((report.status === 'failed' || report.status === 'undelivered') && message.status !== 'failed') {
    const code = report.errorCode ? ` (code ${report.errorCode})` : '';
    await failDelivery(deps, message, `Twilio ${report.status}${code}`, report.errorCode);
  }
}
