/** Injection tokens for the api's infrastructure; one place so modules agree on them. */
export const ENV = Symbol('ENV');
export const PRISMA = Symbol('PRISMA');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
