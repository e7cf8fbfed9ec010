import type { CoreServices } from '../core/services';
import type { Handlers } from './router';
import { caseChannels } from '../../src-preload/contract';
import { AppErrorException } from '../errors/app-error';
import { UniqueViolation } from '../store/store-errors';

type CaseChannels = keyof typeof caseChannels;

async function conflictOn<T>(fn: () => Promise<T>, path: string, message: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UniqueViolation) throw new AppErrorException('conflict', message, [{ path, message: 'already exists' }]);
    throw err;
  }
}

export function createCaseHandlers(s: CoreServices): Pick<Handlers, CaseChannels> {
  const { repos } = s;

  return {
    'cases:list': async (input) => {
      const page = await repos.cases.page({ q: input.q || undefined, after: input.cursor, limit: input.limit });
      return { cases: page.rows, nextCursor: page.next };
    },
    'cases:get': async (input) => await s.cases.detail(input.id),
    'cases:save': async (input) => await s.cases.save(input),
    'cases:add-attachment': async (input) => await s.cases.addAttachment(input),
    'cases:revoke-attachment-link': async (input) => await s.cases.revokeAttachmentLink(input.attachmentId),

    'case-fields:list': async () => await repos.caseFields.list(),
    'case-fields:save': async (input) => {
      if (input.kind === 'choice' && input.options.length === 0)
        throw new AppErrorException('invalid_input', 'A choice field needs at least one option.', [{ path: 'options', message: 'add at least one option' }]);
      if (input.id === undefined) {
        const id = await conflictOn(async () => await repos.caseFields.insert(input, s.now()), 'key', `A case field with the key "${input.key}" already exists.`);
        return (await repos.caseFields.get(id))!;
      }
      const existing = await repos.caseFields.get(input.id);
      if (!existing) throw new AppErrorException('not_found', `There is no case field ${input.id}.`);
      if (existing.key !== input.key)
        throw new AppErrorException('invalid_input', 'A case field key never changes: templates and placeholders name it.', [{ path: 'key', message: `stays ${existing.key}` }]);
      await repos.caseFields.update(input.id, input);
      return (await repos.caseFields.get(input.id))!;
    },

    'references:list': async () => await repos.references.list(),
    'references:save': async (input) => {
      const message = `A Reference named "${input.name}" already exists.`;
      if (input.id === undefined) return (await repos.references.get(await conflictOn(async () => await repos.references.insert(input.name, input.showOnCase, s.now()), 'name', message)))!;
      if (!await conflictOn(async () => await repos.references.update(input.id!, input.name, input.showOnCase), 'name', message)) throw new AppErrorException('not_found', `There is no Reference ${input.id}.`);
      return (await repos.references.get(input.id))!;
    },


  };
}
