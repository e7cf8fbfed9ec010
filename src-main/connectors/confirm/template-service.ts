// What the template editor asks of Confirm: its lookups (cached for the configured seconds), validation on save, the
// field catalogue and a live preview of the request a template would send for a case.
import type { ConfirmLookupsView, EnquiryFieldCatalog, TemplatePreview, TemplateView } from '../../../src-preload/contract';
import type { Repositories } from '../../store/repositories';
import type { TemplateInput } from '../../store/templates-repo';
import { AppErrorException, cannotBeSaved } from '../../errors/app-error';
import { createConfirmClient } from './client';
import type { LookupsCache } from './lookups-cache';
import { confirmSettingsOf } from './settings';
import { processOperationsRequest } from './soap';
import { enquiryUpdateOperation, newEnquiryOperation } from './operations';
import { CUSTOMER_FIELDS, ENQUIRY_FIELDS, UPDATE_FIELDS } from './enquiry-fields';
import { INCOMING_FIELDS, isCustomerField, validateTemplate, type TemplateDraft } from './template-validation';
import { problemText, renderOutgoing, toEnquiryUpdate, toNewEnquiry } from './templates';
import { caseSnapshot, statusCodesFor } from './case-snapshot';
import { externalReferenceOf } from './apply-template-job';
import { UniqueViolation } from '../../store/store-errors';

export interface TemplateServiceDeps {
  repos: Repositories;
  /** The connection's validated settings, secrets included. */
  settings: () => Promise<Record<string, unknown>>;
  lookupsCache: LookupsCache;
  now: () => number;
}

export function createTemplateService(deps: TemplateServiceDeps) {
  const { repos } = deps;

  /** A client on the shared cache; `loaded` says whether a call went to Confirm rather than the cache. */
  async function client() {
    const settings = confirmSettingsOf(await deps.settings());
    const probe = { loaded: false };
    const cache: LookupsCache = {
      get: (key, seconds, load, options) =>
        deps.lookupsCache.get(
          key,
          seconds,
          () => {
            probe.loaded = true;
            return load();
          },
          options,
        ),
      clear: () => deps.lookupsCache.clear(),
    };
    return { settings, probe, confirm: createConfirmClient(settings, { lookupsCache: cache, now: deps.now, signal: AbortSignal.timeout(settings.timeoutMs) }) };
  }

  async function lookups(fresh: boolean): Promise<ConfirmLookupsView> {
    const { confirm, probe } = await client();
    const [e, c] = await Promise.all([confirm.getEnquiryLookups({ fresh }), confirm.getCustomerLookups({ fresh })]);
    return {
      services: e.services.map((s) => ({ code: s.code, name: s.name, subjects: s.subjects.map((x) => ({ code: x.code, name: x.name, attributeCodes: x.attributeTypeCodes })) })),
      attributeTypes: e.attributeTypes.map((a) => ({ code: a.code, name: a.name, isDate: a.isDate, mandatory: a.mandatory, values: a.values })),
      statuses: e.statuses.map((s) => ({ code: s.code, name: s.name })),
      customerTypes: c.customerTypes,
      pointsOfContact: c.pointsOfContact,
      enquiryMethods: c.enquiryMethods,
      fetchedAt: deps.now(),
      fromCache: !probe.loaded,
    };
  }

  async function validate(t: TemplateDraft & { referenceId: number }): Promise<void> {
    const issues = [];
    if (!await repos.references.get(t.referenceId)) issues.push({ path: 'referenceId', message: `there is no Reference ${t.referenceId}` });
    const keys = new Set((await repos.caseFields.list()).map((f) => f.key));
    let lazy: Awaited<ReturnType<typeof client>> | null = null;
    const confirm = async () => (lazy ??= await client()).confirm;
    issues.push(...(await validateTemplate(t, keys, { enquiry: async () => (await confirm()).getEnquiryLookups(), customer: async () => (await confirm()).getCustomerLookups() })));
    if (issues.length > 0) throw cannotBeSaved('template', issues);
  }

  async function save(input: TemplateInput & { id?: number }): Promise<TemplateView> {
    await validate(input);
    const t = deps.now();
    try {
      if (input.id === undefined) return (await repos.templates.get(await repos.templates.insert(input, t)))!;
      if (!await repos.templates.update(input.id, input, t)) throw new AppErrorException('not_found', `There is no template ${input.id}.`);
      return (await repos.templates.get(input.id))!;
    } catch (err) {
      if (err instanceof UniqueViolation) throw new AppErrorException('conflict', `A template named "${input.name}" already exists.`, [{ path: 'name', message: 'already exists' }]);
      throw err;
    }
  }

  async function preview(caseId: number, draft: TemplateDraft & { referenceId: number }): Promise<TemplatePreview> {
    if (!await repos.cases.get(caseId)) throw new AppErrorException('not_found', `There is no case ${caseId}.`);
    if (draft.type === 'enquiry_updated') return { operation: 'none', xml: '', fields: [], problems: ['An incoming template sends nothing; it is applied when Confirm reports a change.'] };
    const { confirm, settings } = await client();
    const problems: string[] = [];
    let attributeTypes = null;
    if (draft.rows.some((r) => r.direction === 'out' && r.target.kind === 'attribute'))
      attributeTypes = await confirm.getEnquiryLookups().then((l) => l.attributeTypes, (err: Error) => (problems.push(`Attribute types could not be read from Confirm: ${err.message}`), null));
    const rendered = renderOutgoing(draft, await caseSnapshot(repos, caseId), { timeZone: settings.timezone, attributeTypes, statusCodeOf: await statusCodesFor(repos, draft) });
    problems.push(...rendered.problems.map(problemText));
    const loggedAt = settings.setLoggedTime ? deps.now() : null;
    const auth = { username: settings.username, password: '********', databaseId: settings.tenantId };
    const truncated: Parameters<typeof newEnquiryOperation>[2] = [];
    let op;
    if (draft.type === 'create_enquiry') {
      const input = toNewEnquiry(rendered);
      input.fields.ExternalSystemReference ??= externalReferenceOf(caseId);
      if (settings.externalSystemNumber) input.fields.ExternalSystemNumber ??= settings.externalSystemNumber;
      op = newEnquiryOperation({ ...input, loggedAt }, settings.timezone, truncated);
    } else {
      const enquiryNumber = await repos.references.valueOf(caseId, draft.referenceId);
      if (enquiryNumber === null) problems.push('This case holds no Enquiry number in the Reference yet, so an update would fail.');
      op = enquiryUpdateOperation({ enquiryNumber: enquiryNumber ?? '', ...toEnquiryUpdate(rendered), loggedAt }, settings.timezone, true, truncated);
    }
    problems.push(...truncated.map((x) => `${x.field} would be cut from ${x.from} to ${x.to} characters`));
    return {
      operation: draft.type === 'create_enquiry' ? 'NewEnquiry' : 'EnquiryUpdate',
      xml: processOperationsRequest(auth, [op]),
      fields: [...Object.entries(rendered.fields).map(([name, value]) => ({ name, value })), ...rendered.attributes.map((a) => ({ name: `EnquiryAttribute ${a.typeCode}`, value: Object.values(a.value)[0] as string }))].map((f) => ({ name: f.name, value: String(f.value) })),
      problems,
    };
  }

  function fields(): EnquiryFieldCatalog {
    return {
      outgoingCreate: [...ENQUIRY_FIELDS, ...CUSTOMER_FIELDS].map((f) => ({ name: f.name, label: f.label, customer: isCustomerField(f.name) })),
      outgoingUpdate: UPDATE_FIELDS.map((f) => ({ name: f.name, label: f.label })),
      incoming: INCOMING_FIELDS.map((f) => ({ name: f.name, label: f.label })),
    };
  }

  return { lookups, save, preview, fields, validate };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
