import { issueText } from '../../components/field-issues';
import type { ChannelInput, EmailTemplateView, IssueView } from '../../../../src-preload/contract';

// Content > Email Content's editable state and the problems main finds in it, by part: pure, tested without a DOM.

export type TemplatePart = 'subject' | 'text' | 'html';
export const TEMPLATE_PARTS: readonly TemplatePart[] = ['subject', 'text', 'html'];

export interface TemplateDraft {
  subject: string;
  text: string;
  /** null: no HTML body, the email is plain text only. */
  html: string | null;
}

export function draftFromTemplate(view: EmailTemplateView): TemplateDraft {
  return { subject: view.subject, text: view.text, html: view.html };
}

export function isTemplateDirty(view: EmailTemplateView, draft: TemplateDraft): boolean {
  return view.subject !== draft.subject || view.text !== draft.text || (view.html ?? null) !== draft.html;
}

export function templateInput(draft: TemplateDraft): ChannelInput<'accounting:save-email-template'> {
  return { subject: draft.subject, text: draft.text, html: draft.html };
}

const PART_LABELS = { subject: 'Subject', text: 'Text body', html: 'HTML body' };

export type PartProblems = Record<TemplatePart | 'other', string[]>;

const empty = (): PartProblems => ({ subject: [], text: [], html: [], other: [] });

/** A refused save's issues by the part they are about (the first segment of the path); the rest apply to the whole. */
export function issuesByPart(issues: readonly IssueView[] = []): PartProblems {
  const out = empty();
  for (const issue of issues) {
    const key = issue.path.split(/[./]/).filter(Boolean)[0] ?? '';
    (TEMPLATE_PARTS.includes(key as TemplatePart) ? out[key as TemplatePart] : out.other).push(issue.rule ? issueText(issue, PART_LABELS) : issue.message);
  }
  return out;
}

export function problemsByPart(problems: readonly { part: TemplatePart; message: string }[]): PartProblems {
  const out = empty();
  for (const p of problems) out[p.part].push(p.message);
  return out;
}

export function countProblems(p: PartProblems): number {
  return p.subject.length + p.text.length + p.html.length + p.other.length;
}

/** `{{ name }}` put where the caret is (replacing a selection), and where the caret goes after it. */
export function insertToken(value: string, start: number, end: number, name: string): { value: string; caret: number } {
  const token = `{{ ${name} }}`;
  const a = Math.max(0, Math.min(start, value.length));
  const b = Math.max(a, Math.min(end, value.length));
  return { value: value.slice(0, a) + token + value.slice(b), caret: a + token.length };
}
