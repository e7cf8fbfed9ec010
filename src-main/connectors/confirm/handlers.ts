// The Confirm connector's contract channels: mapping templates, the rules that apply them, lookups and the CRM Agent key.
import { confirmChannels } from '../../../src-preload/contract';
import type { Repositories } from '../../store/repositories';
import { AppErrorException } from '../../errors/app-error';
import { channelsOf, type ContributedChannels } from '../connector';
import type { TemplateService } from './template-service';
import type { CrmAgentKey } from './crm-agent-key';
import { CRM_AGENT_PATH } from './crm-agent-route';
import { changeStatusInSimulator, type SandboxStatusDeps } from './sandbox-status-change';

export interface ConfirmHandlerDeps {
  repos: Repositories;
  templates: TemplateService;
  crmAgentKey: CrmAgentKey;
  listenerUrl: () => string | null;
  now: () => number;
  sandbox: Pick<SandboxStatusDeps, 'sandboxMode' | 'simulator'>;
}

export function confirmHandlers(d: ConfirmHandlerDeps): ContributedChannels {
  const { repos } = d;
  const crmAgentUrl = () => (d.listenerUrl() ? `${d.listenerUrl()}${CRM_AGENT_PATH}` : null);
  return channelsOf(confirmChannels, {
    'templates:list': async () => await repos.templates.list(),
    'templates:get': async (input) => {
      const t = await repos.templates.get(input.id);
      if (!t) throw new AppErrorException('not_found', `There is no template ${input.id}.`);
      return t;
    },
    'templates:save': (input) => d.templates.save(input),
    'templates:delete': async (input) => ({ deleted: await repos.templates.delete(input.id) }),
    'templates:preview': (input) => d.templates.preview(input.caseId, input.template),
    'templates:fields': () => d.templates.fields(),
    'confirm:lookups': (input) => d.templates.lookups(input.fresh),

    'rules:list': async () => await repos.caseRules.list(),
    'rules:save': async (input) => {
      const template = await repos.templates.get(input.templateId);
      if (!template) throw new AppErrorException('invalid_input', `There is no template ${input.templateId}.`, [{ path: 'templateId', message: 'no such template' }]);
      if (template.type === 'enquiry_updated')
        throw new AppErrorException('invalid_input', `"${template.name}" is an incoming template; Apply integration takes an outgoing one.`, [{ path: 'templateId', message: 'choose a Create or Update Enquiry template' }]);
      const keys = new Set(['status', 'title', ...(await repos.caseFields.list()).map((f) => f.key)]);
      const issues = input.conditions.flatMap((c, i) => (keys.has(c.field) ? [] : [{ path: `conditions.${i}.field`, message: `there is no case field "${c.field}"` }]));
      if (issues.length > 0) throw new AppErrorException('invalid_input', `The rule cannot be saved: ${issues.map((i) => i.message).join('; ')}.`, issues);
      const t = d.now();
      if (input.id === undefined) return (await repos.caseRules.get(await repos.caseRules.insert(input, t)))!;
      if (!await repos.caseRules.update(input.id, input, t)) throw new AppErrorException('not_found', `There is no rule ${input.id}.`);
      return (await repos.caseRules.get(input.id))!;
    },
    'rules:delete': async (input) => ({ deleted: await repos.caseRules.delete(input.id) }),

    'confirm:crm-agent': async () => {
      try {
        return { key: (await d.crmAgentKey.current()) ? ('set' as const) : ('not set' as const), url: crmAgentUrl() };
      } catch {
        return { key: 'unavailable' as const, url: crmAgentUrl() };
      }
    },
    'confirm:rotate-crm-agent-key': async () => {
      const newKey = await d.crmAgentKey.rotate();
      return { key: 'set' as const, url: crmAgentUrl(), newKey };
    },
    'sandbox:confirm-status': (input) => changeStatusInSimulator({ ...d.sandbox, repos, listenerUrl: d.listenerUrl, crmAgentKey: d.crmAgentKey }, input),
  });
}
