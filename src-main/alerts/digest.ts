import type { Alert } from '../../src-preload/contract';

const KIND: Record<Alert['kind'], string> = {
  task_failing: 'Task failing',
  task_paused: 'Task paused itself',
  credentials: 'Connection needs credentials',
};

/** One email for every alert gathered since the last digest: never one mail per failure. */
export function digestOf(alerts: Alert[], now: number): { subject: string; text: string } {
  const subject = `SyncDesk: ${alerts.length === 1 ? '1 alert' : `${alerts.length} alerts`} need attention`;
  const lines = alerts.map((a) => `- ${KIND[a.kind]} · ${new Date(a.raisedAt).toISOString()}${a.clearedAt !== null ? ' (since cleared)' : ''}\n  ${a.message}`);
  return { subject, text: `Alerts raised since the last digest (as of ${new Date(now).toISOString()}):\n\n${lines.join('\n\n')}\n\nOpen SyncDesk to reconnect, resume or acknowledge them.\n` };
}
