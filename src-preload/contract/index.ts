export * from './errors';
export * from './models';
export * from './customer-models';
export * from './customer-channels';
export * from './channels';
export * from './events';
export * from './api';
export * from './csp';
