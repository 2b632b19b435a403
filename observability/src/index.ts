// What the api and the worker log with: JSON lines through pino, personal data masked, secrets
// redacted, and Nest's logger on top of it. One package so both apps share it.
export * from './json-logger';
export * from './mask-pii';
export * from './nest-logger';
