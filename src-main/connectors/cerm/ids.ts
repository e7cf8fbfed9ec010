export const CERM_ID = 'cerm';
