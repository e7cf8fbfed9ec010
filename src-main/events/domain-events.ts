// The platform's domain says what happened, inside the transaction of the change; connectors subscribe and answer,
// typically by enqueuing jobs through the queue port with the same transaction handle, so the outbox holds: a crash
// can never leave a change without its jobs, or jobs without their change. The domain never imports a connector.
import type { Repositories } from '../store/repositories';

export interface DomainEventMap {
  /** A person registered (staff form or storefront); departmentId is set when the cost code placed them in one. */
  'customer.registered': { customerId: number; email: string; costCode: string | null; departmentId: number | null; origin: 'staff' | 'storefront'; at: number };
  /** A customer created or imported by anything but registration. */
  'customer.created': { customerId: number; origin: string; at: number };
  /** Raised before the customer's rows go, so a subscriber still finds what links it to its system. */
  'customer.deleted': { customerId: number; email: string; at: number };
  'case.created': { caseId: number; at: number };
  'case.changed': { caseId: number; at: number };
  /**
   * linkToken is the attachment's link capability in the clear: it exists only in this event (memory), the store keeps
   * its hash, so a subscriber that hands the link out builds it here, in the attachment's transaction.
   */
  'attachment.added': { caseId: number; attachmentId: number; linkToken: string; at: number };
  'account.changed': { accountId: number; at: number };
  /**
   * A contact is to get an email to set its password (added with the option on, or staff's resend): the connector
   * that mails imported customers queues it the same way; no answer means no connection sends it.
   */
  'contact.password-email': { contactId: number; accountId: number; email: string; at: number };
  /** accountId is null for a B2C checkout (the order names its customer). */
  'order.placed': { orderId: number; accountId: number | null; at: number };
}

export type DomainEventName = keyof DomainEventMap;

/** What a subscriber may answer: the jobs it queued, and words for the person who caused the event. */
export interface EventAnswer {
  connectorId: string;
  jobIds: number[];
  message?: string;
}

export type DomainEventHandler<E extends DomainEventName> = (tx: Repositories, event: DomainEventMap[E]) => EventAnswer | void | Promise<EventAnswer | void>;

export interface DomainEvents {
  subscribe<E extends DomainEventName>(name: E, handler: DomainEventHandler<E>): () => void;
  /** Call inside the change's transaction, with its handle. Subscribers run in the order they subscribed. */
  raise<E extends DomainEventName>(tx: Repositories, name: E, event: DomainEventMap[E]): Promise<EventAnswer[]>;
}

export function createDomainEvents(): DomainEvents {
  const handlers = new Map<DomainEventName, DomainEventHandler<never>[]>();
  return {
    subscribe(name, handler) {
      const list = handlers.get(name) ?? [];
      list.push(handler as DomainEventHandler<never>);
      handlers.set(name, list);
      return () => {
        const i = list.indexOf(handler as DomainEventHandler<never>);
        if (i >= 0) list.splice(i, 1);
      };
    },
    async raise(tx, name, event) {
      const answers: EventAnswer[] = [];
      for (const h of handlers.get(name) ?? []) {
        const a = await (h as DomainEventHandler<typeof name>)(tx, event);
        if (a) answers.push(a);
      }
      return answers;
    },
  };
}
