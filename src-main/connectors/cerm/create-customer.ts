// The create-customer job: a registrant created in CERM exactly once, whatever retries or crashes happen.
import { z } from 'zod';
import type { ConnectorContext, JobHandler, JobOutcome } from '../connector';
import type { JobRow } from '../../store/jobs-repo';
import type { CustomerRow } from '../../store/customers-repo';
import { RemoteError } from '../../engine/remote-error';
import { createCermClient } from './client';
import type { CermCustomerRecord } from './parse';
import { cermSettingsOf } from './settings';
import { CERM_ID } from './ids';

export const CREATE_CUSTOMER_JOB = 'create-customer';

/** Sent on create and looked up before it: how a retry finds the customer an earlier attempt already created. */
export function cermReferenceOf(customerId: number): string {
  return `syncdesk:customer:${customerId}`;
}

function customerIdOf(job: JobRow): number {
  const id = (job.payload as { customerId?: unknown } | null)?.customerId;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) throw new RemoteError('validation', `the job carries no valid customer id (${JSON.stringify(job.payload)})`);
  return id;
}

async function link(ctx: ConnectorContext, customer: CustomerRow, cermId: string): Promise<void> {
  const holder = await ctx.repos.externalIds.find(CERM_ID, 'customer', cermId);
  if (holder !== null && holder !== customer.id)
    throw new RemoteError('validation', `CERM customer ${cermId} is already linked to customer ${holder} here; customer ${customer.id} was not linked`);
  await ctx.repos.externalIds.link('customer', customer.id, CERM_ID, cermId, ctx.now());
}

async function adopt(ctx: ConnectorContext, customer: CustomerRow, found: CermCustomerRecord[], reference: string): Promise<JobOutcome> {
  const [first] = [...found].sort((a, b) => (a.cermId < b.cermId ? -1 : 1));
  // Another installation on the same tenant could number its customers the same way: the email must agree too.
  if (first!.email && first!.email.toLowerCase() !== customer.email.toLowerCase())
    throw new RemoteError(
      'validation',
      `CERM customer ${first!.cermId} carries the reference ${reference} but another email address; customer ${customer.id} was neither linked nor created (is another SyncDesk using this CERM tenant?)`,
    );
  await link(ctx, customer, first!.cermId);
  const extra = found.length > 1 ? ` (${found.length} CERM customers carry this reference; the first was taken)` : '';
  return {
    message: `Customer ${customer.id} already existed in CERM as ${first!.cermId} (reference ${reference}): linked, not created again${extra}.`,
    result: { cermId: first!.cermId, outcome: 'linked' },
  };
}

export const createCustomerJob: JobHandler = {
  entityType: 'customer',
  title: 'Create the customer in CERM',
  payload: { schema: z.strictObject({ customerId: z.number().int().positive() }) },
  entityIdOf: (job) => String(customerIdOf(job)),
  async perform(job, ctx) {
    const customerId = customerIdOf(job);
    const customer = await ctx.repos.customers.get(customerId);
    if (!customer) throw new RemoteError('validation', `customer ${customerId} no longer exists here; nothing was sent to CERM`);
    if (customer.cermId)
      return { message: `Customer ${customerId} is already linked to CERM customer ${customer.cermId}: nothing sent.`, result: { cermId: customer.cermId, outcome: 'already-linked' } };

    const client = createCermClient(cermSettingsOf(ctx.settings), ctx.signal);
    const reference = cermReferenceOf(customerId);
    // An earlier attempt may have created it and died before storing the id: look before creating.
    const found = await client.findCustomerByReference(reference);
    if (found.length > 0) return await adopt(ctx, customer, found, reference);

    const { record, status } = await client.createCustomer(
      {
        name: customer.company?.trim() || `${customer.firstName} ${customer.lastName}`.trim(),
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email,
        phone: customer.phone,
        costCode: customer.costCode,
        externalReference: reference,
      },
      job.idempotencyKey,
    );
    await link(ctx, customer, record.cermId);
    return {
      message: `Created customer ${customerId} in CERM as ${record.cermId}.`,
      result: { cermId: record.cermId, outcome: 'created' },
      details: `POST customer (reference ${reference}, Idempotency-Key ${job.idempotencyKey}) -> HTTP ${status}, Id ${record.cermId}`,
    };
  },
};
