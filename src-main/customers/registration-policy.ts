import type { RegistrationForm } from '../../src-preload/contract';

/**
 * The registration rules a connector contributes (CERM's customer sync brings the cost code rules and auto-create):
 * the form's rules, and what a registrant became remotely once the job its `customer.registered` answer queued is done.
 */
export interface RegistrationPolicy {
  /** The connector whose rules these are (log lines name it). */
  connectorId: string;
  /** The remote system as staff know it ("CERM"). */
  remoteName: string;
  form(): Promise<RegistrationForm>;
  /** The registrant's id in the remote system, once created there; null until then. */
  remoteIdOf(customerId: number): Promise<string | null>;
}
