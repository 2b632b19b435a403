/** Error codes a client can act on; mapped exhaustively to HTTP statuses at the API edge. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RULE_VIOLATION = 'RULE_VIOLATION',
  RATE_LIMITED = 'RATE_LIMITED',
  DEPENDENCY_UNAVAILABLE = 'DEPENDENCY_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * Failure types the worker must not retry (Temporal matches them by the error's `type`).
 * Shared so activities and workflow retry policies name them once.
 */
export const NonRetryableFailure = {
  INVALID_CONFIG: 'InvalidConfigError',
  NOT_FOUND: 'NotFoundError',
  PERMANENT_DELIVERY_FAILURE: 'PermanentDeliveryFailure',
} as const;
