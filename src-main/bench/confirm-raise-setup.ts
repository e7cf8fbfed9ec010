// What staff set up before cases raise Enquiries in the Confirm benches: case fields, a Reference, a Create template,
// an incoming template and one rule, through the contract as the console saves them.

/** Confirm's status codes as the benches' incoming template maps them onto a case's status. */
export const STATUS_MAP = { '0100': 'open', '0200': 'in_progress', '0300': 'in_progress', '0900': 'resolved' } as const;

export type ContractCall = <T = unknown>(channel: string, input: unknown) => Promise<T>;

/** Saves the set-up; every case created afterwards raises a pothole Enquiry. Answers the Reference's id. */
export async function setUpPotholeRaising(call: ContractCall): Promise<{ referenceId: number }> {
  await call('case-fields:save', { key: 'depth', label: 'Depth (mm)', kind: 'number' });
  await call('case-fields:save', { key: 'notes', label: 'Notes', kind: 'long_text' });
  await call('case-fields:save', { key: 'confirm_notes', label: 'Notes from Confirm', kind: 'long_text' });
  const ref = await call<{ id: number }>('references:save', { name: 'Enquiry Number' });
  const out = (name: string, source: object) => ({ direction: 'out', target: { kind: 'field', name }, source });
  const create = await call<{ id: number }>('templates:save', {
    name: 'Raise pothole',
    type: 'create_enquiry',
    referenceId: ref.id,
    rows: [
      out('ServiceCode', { kind: 'static', value: 'HW' }),
      out('SubjectCode', { kind: 'static', value: 'PH' }),
      out('EnquiryDescription', { kind: 'case_field', key: 'notes' }),
      { direction: 'out', target: { kind: 'attribute', typeCode: 'DEPT' }, source: { kind: 'case_field', key: 'depth' } },
    ],
  });
  await call('templates:save', {
    name: 'Pothole updated',
    type: 'enquiry_updated',
    referenceId: ref.id,
    rows: [
      { direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map: STATUS_MAP } },
      { direction: 'in', source: { kind: 'field', name: 'StatusLogNotes' }, target: { kind: 'case_field', key: 'confirm_notes' } },
    ],
  });
  await call('rules:save', { name: 'Raise', trigger: 'case_created', templateId: create.id });
  return { referenceId: ref.id };
}
