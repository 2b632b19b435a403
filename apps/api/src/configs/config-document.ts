import {
  DomainError,
  ErrorCode,
  isConfigurableKind,
  validateConfigDocument,
  type ConfigDocument,
  type ConfigDocumentKind,
  type ConfigurableKind,
} from '@partnerflow/domain';

export function assertConfigurable(kind: ConfigDocumentKind): asserts kind is ConfigurableKind {
  if (!isConfigurableKind(kind)) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `the ${kind} config is not configurable yet: its schema arrives with the ${kind} workflows`,
      [{ path: 'kind', message: 'not configurable yet' }],
    );
  }
}

/** The normalised document, or 400 naming each problem by its path in the request (`document.steps.2.afterDays`). */
export function parseConfigDocument<K extends ConfigurableKind>(kind: K, document: unknown): ConfigDocument<K> {
  const result = validateConfigDocument(kind, document);
  if (result.valid) return result.document;
  throw new DomainError(
    ErrorCode.VALIDATION_FAILED,
    `the ${kind} config is invalid`,
    result.problems.map((problem) => ({ path: problem.path ? `document.${problem.path}` : 'document', message: problem.message })),
  );
}
