import type { CoreServices } from '../core/services';
import type { Handlers } from './router';
import { caseChannels } from '../../src-preload/contract';
import { AppErrorException } from '../errors/app-error';
import { CRM_AGENT_PATH } from '../connectors/confirm/crm-agent-route';
import { UniqueViolation } from '../store/store-errors';

type CaseChannels = keyof typeof caseChannels;

function conflictOn<T>(fn: () => T, path: string, message: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UniqueViolation) throw new AppErrorException('conflict', message, [{ path, message: 'already exists' }]);
    throw err;
  }
}

export function createCaseHandlers(s: CoreServices): Pick<Handlers, CaseChannels> {
  const { repos } = s;
  const crmAgentUrl = () => (s.listenerUrl() ? `${s.listenerUrl()}${CRM_AGENT_PATH}?key=<key>` : null);

  return {
    'cases:list': (input) => {
      const page = repos.cases.page({ q: input.q || undefined, after: input.cursor, limit: input.limit });
      return { cases: page.rows, nextCursor: page.next };
    },
    'cases:get': (input) => s.cases.detail(input.id),
    'cases:save': (input) => s.cases.save(input),
    'cases:add-attachment': (input) => s.cases.addAttachment(input),

    'case-fields:list': () => repos.caseFields.list(),
    'case-fields:save': (input) => {
      if (input.kind === 'choice' && input.options.length === 0)
        throw new AppErrorException('invalid_input', 'A choice field needs at least one option.', [{ path: 'options', message: 'add at least one option' }]);
      if (input.id === undefined) {
        const id = conflictOn(() => repos.caseFields.insert(input, s.now()), 'key', `A case field with the key "${input.key}" already exists.`);
        return repos.caseFields.get(id)!;
      }
      const existing = repos.caseFields.get(input.id);
      if (!existing) throw new AppErrorException('not_found', `There is no case field ${input.id}.`);
      if (existing.key !== input.key)
        throw new AppErrorException('invalid_input', 'A case field key never changes: templates and placeholders name it.', [{ path: 'key', message: `stays ${existing.key}` }]);
      repos.caseFields.update(input.id, input);
      return repos.caseFields.get(input.id)!;
    },

    'references:list': () => repos.references.list(),
    'references:save': (input) => {
      const message = `A Reference named "${input.name}" already exists.`;
      if (input.id === undefined) return repos.references.get(conflictOn(() => repos.references.insert(input.name, input.showOnCase, s.now()), 'name', message))!;
      if (!conflictOn(() => repos.references.update(input.id!, input.name, input.showOnCase), 'name', message)) throw new AppErrorException('not_found', `There is no Reference ${input.id}.`);
      return repos.references.get(input.id)!;
    },

    'templates:list': () => repos.templates.list(),
    'templates:get': (input) => {
      const t = repos.templates.get(input.id);
      if (!t) throw new AppErrorException('not_found', `There is no template ${input.id}.`);
      return t;
    },
    'templates:save': (input) => s.confirmTemplates.save(input),
    'templates:delete': (input) => ({ deleted: repos.templates.delete(input.id) }),
    'templates:preview': (input) => s.confirmTemplates.preview(input.caseId, input.template),
    'templates:fields': () => s.confirmTemplates.fields(),
    'confirm:lookups': (input) => s.confirmTemplates.lookups(input.fresh),

    'rules:list': () => repos.caseRules.list(),
    'rules:save': (input) => {
      const template = repos.templates.get(input.templateId);
      if (!template) throw new AppErrorException('invalid_input', `There is no template ${input.templateId}.`, [{ path: 'templateId', message: 'no such template' }]);
      if (template.type === 'enquiry_updated')
        throw new AppErrorException('invalid_input', `"${template.name}" is an incoming template; Apply integration takes an outgoing one.`, [{ path: 'templateId', message: 'choose a Create or Update Enquiry template' }]);
      const keys = new Set(['status', 'title', ...repos.caseFields.list().map((f) => f.key)]);
      const issues = input.conditions.flatMap((c, i) => (keys.has(c.field) ? [] : [{ path: `conditions.${i}.field`, message: `there is no case field "${c.field}"` }]));
      if (issues.length > 0) throw new AppErrorException('invalid_input', `The rule cannot be saved: ${issues.map((i) => i.message).join('; ')}.`, issues);
      const t = s.now();
      if (input.id === undefined) return repos.caseRules.get(repos.caseRules.insert(input, t))!;
      if (!repos.caseRules.update(input.id, input, t)) throw new AppErrorException('not_found', `There is no rule ${input.id}.`);
      return repos.caseRules.get(input.id)!;
    },
    'rules:delete': (input) => ({ deleted: repos.caseRules.delete(input.id) }),

    'confirm:crm-agent': async () => {
      try {
        return { key: (await s.crmAgentKey.current()) ? 'set' : 'not set', url: crmAgentUrl() };
      } catch {
        return { key: 'unavailable', url: crmAgentUrl() };
      }
    },
    'confirm:rotate-crm-agent-key': async () => {
      const newKey = await s.crmAgentKey.rotate();
      return { key: 'set' as const, url: crmAgentUrl(), newKey };
    },
  };
}
