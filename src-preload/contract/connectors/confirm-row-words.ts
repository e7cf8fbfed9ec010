// What a template row with nothing to send is told, in the editor's words: the row as staff count it (1, 2, …), and
// what to choose. Main's checks and the editor's own (before a Reference is chosen) say the same sentence.

const CODE_WORDS: Readonly<Record<string, string>> = {
  ServiceCode: 'a service code',
  SubjectCode: 'a subject code',
  EnquiryStatusCode: 'an enquiry status',
  CustomerTypeCode: 'a customer type',
  PointOfContactCode: 'a point of contact',
  EnquiryMethodCode: 'an enquiry method',
};

type RowTarget = { kind: 'field'; name: string } | { kind: 'attribute'; typeCode: string } | { kind: string };

/** A static value left empty: "Row 2: choose a service code; this row has none yet." */
export function emptyValueMessage(index: number, target: RowTarget): string {
  const code = target.kind === 'field' && 'name' in target ? CODE_WORDS[target.name] : undefined;
  if (code) return `Row ${index + 1}: choose ${code}; this row has none yet.`;
  return `Row ${index + 1}: type the value to send (the text is empty), or choose another source.`;
}

/** An Enquiry Attribute row with no type code: never " is not an Enquiry Attribute type code in Confirm". */
export function emptyTypeCodeMessage(index: number): string {
  return `Row ${index + 1}: choose an Enquiry Attribute type; this row has none yet.`;
}
