// What staff must never read in a message: schema wording, internal zero-based paths, empty-value messages.
export const SCHEMA_WORDING = [
  /Too (small|big)/i,
  /expected (string|number|boolean|object|array)/i,
  /Invalid (input|option|type|string|email|url)/i,
  /[<>]=\s*\d/,
  /\b[a-zA-Z]+\.\d+(\.[a-zA-Z]+)?\b/, // rows.0.source
  /^\s*(is|are) /, // a message about an empty value
  /^\s*(required|invalid|too (long|short))\.?\s*$/i, // a schema's bare word standing as the whole message
  /Not saved: Not saved/,
  /Unrecognized key/i,
  /undefined|null|NaN|\[object/,
];
