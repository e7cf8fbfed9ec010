// The NewEnquiry and EnquiryUpdate operations as elements: what the client sends, and what a template preview shows.
import { el, type XmlElement } from './xml';
import { ATTRIBUTE_TEXT_MAX, CUSTOMER_FIELDS, DOCUMENT_TEXT_MAX, ENQUIRY_FIELDS, UPDATE_FIELDS, limit, presentFields, type Truncation } from './enquiry-fields';
import { toConfirmTime } from './logged-time';
import type { EnquiryAttributeInput, EnquiryDocumentInput, EnquiryUpdateInput, NewEnquiryInput } from './client';

function attributeElements(list: EnquiryAttributeInput[] | undefined, timeZone: string, truncated: Truncation[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const a of list ?? []) {
    const v = a.value;
    let valueEl: XmlElement | null = null;
    if ('text' in v && v.text.trim() !== '') valueEl = el('EnqAttribStringValue', limit(`EnquiryAttribute[${a.typeCode}].EnqAttribStringValue`, v.text, ATTRIBUTE_TEXT_MAX, truncated));
    else if ('valueCode' in v && v.valueCode.trim() !== '') valueEl = el('EnqAttribValueCode', v.valueCode);
    else if ('date' in v && v.date !== '') valueEl = el('EnqAttribDateValue', typeof v.date === 'number' ? toConfirmTime(v.date, timeZone) : v.date);
    // An attribute without a value is left out, never sent as "": Confirm refuses an empty list value.
    if (valueEl && a.typeCode.trim() !== '') out.push(el('EnquiryAttribute', [el('EnqAttribTypeCode', a.typeCode), valueEl]));
  }
  return out;
}

function documentElements(list: EnquiryDocumentInput[] | undefined, truncated: Truncation[]): XmlElement[] {
  return (list ?? []).map((d, i) =>
    el('EnquiryDocument', [
      el('DocumentNotes', limit(`EnquiryDocument[${i}].DocumentNotes`, d.notes, DOCUMENT_TEXT_MAX, truncated)),
      el('DocumentLocation', d.location),
    ]),
  );
}

const loggedTimeOf = (at: number | null | undefined, timeZone: string) => (at === null || at === undefined ? null : toConfirmTime(at, timeZone));

export function enquiryUpdateOperation(input: EnquiryUpdateInput, timeZone: string, withLoggedTime: boolean, truncated: Truncation[]): XmlElement {
  const fields = presentFields(UPDATE_FIELDS, withLoggedTime ? input.fields : { ...input.fields, EnquiryStatusCode: null }, truncated);
  const loggedTime = withLoggedTime ? loggedTimeOf(input.loggedAt, timeZone) : null;
  return el('EnquiryUpdate', [
    el('EnquiryNumber', input.enquiryNumber),
    loggedTime !== null && el('LoggedTime', loggedTime),
    ...fields.map(([name, value]) => el(name, value)),
    ...attributeElements(input.attributes, timeZone, truncated),
    ...documentElements(input.documents, truncated),
  ]);
}

export function newEnquiryOperation(input: NewEnquiryInput, timeZone: string, truncated: Truncation[]): XmlElement {
  const fields = presentFields(ENQUIRY_FIELDS, input.fields, truncated);
  const customer = presentFields(CUSTOMER_FIELDS, input.customer ?? {}, truncated, 'EnquiryCustomer.');
  const loggedTime = loggedTimeOf(input.loggedAt, timeZone);
  return el('NewEnquiry', [
    // A placeholder Confirm replaces with the new number.
    el('EnquiryNumber', '1'),
    ...fields.map(([name, value]) => el(name, value)),
    loggedTime !== null && el('LoggedTime', loggedTime),
    ...attributeElements(input.attributes, timeZone, truncated),
    customer.length > 0 && el('EnquiryCustomer', customer.map(([name, value]) => el(name, value))),
    ...documentElements(input.documents, truncated),
  ]);
}
