import type { Alert, AlertChannel } from '../../store/index.js';
import type { Mailer } from '../mail.js';
import { alertJson } from './alert-json.js';
import { postWebhook } from './webhook.js';

export type DeliveryOptions = {
  mailer: Mailer;
  webhookDelays?: readonly number[];
  /** Let webhooks reach loopback and private addresses (`MCPSHIELD_WEBHOOK_ALLOW_PRIVATE`). */
  webhookPrivateTargets?: boolean;
};

/** The mail of one alert. */
export function alertMail(alert: Alert): { subject: string; text: string } {
  const details = JSON.stringify(alert.details, null, 2);
  return {
    subject: `[MCPShield] ${alert.severity}: ${alert.title}`,
    text: `${alert.title}\n\nSeverity: ${alert.severity}\nRule: ${alert.kind}\nRaised: ${alert.createdAt.toISOString()}\nAlert: ${alert.id}\n\n${details}\n`,
  };
}

/**
 * Sends one alert to every channel of its organisation, each on its own: a failing channel is logged and
 * never stops the others.
 */
export async function deliverAlert(
  orgId: string,
  alert: Alert,
  channels: AlertChannel[],
  options: DeliveryOptions,
): Promise<void> {
  const body = JSON.stringify({ type: 'alert', organization_id: orgId, alert: alertJson(alert) });
  await Promise.all(
    channels.map(async (channel) => {
      try {
        if (channel.kind === 'email') {
          await options.mailer.send({ to: channel.target, ...alertMail(alert) });
          return;
        }
        const outcome = await postWebhook(channel.target, channel.secret!, body, {
          delays: options.webhookDelays,
          allowPrivate: options.webhookPrivateTargets,
        });
        if (!outcome.ok) log(channel, `gave up after ${outcome.attempts} attempts: ${outcome.error}`);
      } catch (err) {
        log(channel, (err as Error).message);
      }
    }),
  );
}

function log(channel: AlertChannel, message: string): void {
  process.stderr.write(
    `mcpshield up: alert delivery to ${channel.kind} channel ${channel.id} failed: ${message}\n`,
  );
}
