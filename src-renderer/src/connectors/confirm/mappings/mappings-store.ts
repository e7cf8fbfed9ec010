import { create } from 'zustand';
import type {
  AppError,
  CaseFieldDef,
  ConfirmLookupsView,
  EnquiryFieldCatalog,
  ReferenceDef,
  Result,
  TemplateView,
} from '../../../../../src-preload/contract';
import { api } from '../../../api/client';
import { settle } from '../../../api/call';
import { emptyRowIssues, toSaveInput, type TemplateDraft } from './template-draft';

// Templates and everything their editor picks from: References, case fields, Confirm's field catalogue and lookups.

interface MappingsState {
  templates: TemplateView[];
  loaded: boolean;
  loadError: AppError | null;
  references: ReferenceDef[];
  caseFields: CaseFieldDef[];
  catalog: EnquiryFieldCatalog | null;
  lookups: ConfirmLookupsView | null;
  lookupsError: AppError | null;
  lookupsLoading: boolean;
  load(): Promise<void>;
  loadLookups(fresh: boolean): Promise<void>;
  save(draft: TemplateDraft): Promise<Result<TemplateView>>;
  remove(id: number): Promise<Result<{ deleted: boolean }>>;
}

const REFERENCE_NEEDED = 'Choose the Reference this template applies to.';

let loadSeq = 0;

export const sortTemplates = (list: readonly TemplateView[]) =>
  [...list].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id - b.id);

export const useMappingsStore = create<MappingsState>()((set, get) => ({
  templates: [],
  loaded: false,
  loadError: null,
  references: [],
  caseFields: [],
  catalog: null,
  lookups: null,
  lookupsError: null,
  lookupsLoading: false,

  async load() {
    const seq = ++loadSeq;
    const [templates, references, fields, catalog] = await Promise.all([
      settle(api().templatesList({})),
      settle(api().referencesList({})),
      settle(api().caseFieldsList({})),
      settle(api().templatesFields({})),
    ]);
    if (seq !== loadSeq) return;
    set({
      templates: templates.ok ? sortTemplates(templates.data) : get().templates,
      loaded: true,
      loadError: [templates, references, fields, catalog].find((r) => !r.ok)?.error ?? null,
      references: references.ok ? references.data : get().references,
      caseFields: fields.ok ? [...fields.data].sort((a, b) => a.position - b.position || a.id - b.id) : get().caseFields,
      catalog: catalog.ok ? catalog.data : get().catalog,
    });
  },

  async loadLookups(fresh) {
    set({ lookupsLoading: true });
    const result = await settle(api().confirmLookups({ fresh }));
    if (result.ok) set({ lookups: result.data, lookupsError: null, lookupsLoading: false });
    else set({ lookupsError: result.error, lookupsLoading: false });
  },

  async save(draft) {
    const input = toSaveInput(draft);
    if (!input)
      return {
        ok: false,
        // The issue is said beside the picker in words of its own: the callout above it only points at what is marked.
        error: { code: 'invalid_input', message: REFERENCE_NEEDED, issues: [{ path: 'referenceId', message: REFERENCE_NEEDED }, ...emptyRowIssues(draft)] },
      };
    const result = await settle(api().templatesSave(input));
    if (result.ok) set({ templates: sortTemplates([...get().templates.filter((t) => t.id !== result.data.id), result.data]) });
    return result;
  },

  async remove(id) {
    const result = await settle(api().templatesDelete({ id }));
    if (result.ok) set({ templates: get().templates.filter((t) => t.id !== id) });
    return result;
  },
}));
