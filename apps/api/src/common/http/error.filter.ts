import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { DomainError, ErrorCode, type ErrorDetail } from '@partnerflow/domain';
import { STATUS_BY_CODE } from './error-response';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.VALIDATION_FAILED,
  415: ErrorCode.VALIDATION_FAILED,
  422: ErrorCode.RULE_VIOLATION,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.DEPENDENCY_UNAVAILABLE,
};

function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof ZodValidationException) {
    const zodError = exception.getZodError() as ZodError;
    return new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', zodDetails(zodError));
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return new DomainError(CODE_BY_STATUS[status] ?? ErrorCode.INTERNAL, exception.message);
  }
  return new DomainError(ErrorCode.INTERNAL, 'an unexpected error occurred');
}

/** Every error leaves the api as `{ error: { code, message, details } }` (API.md). */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = toDomainError(exception);
    const status = STATUS_BY_CODE[error.code];
    if (status >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    response.status(status).json({
      error: { code: error.code, message: error.message, details: error.details },
    });
  }
}
