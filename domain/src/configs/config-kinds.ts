import { z } from 'zod';
import { commissionPlanSchema } from '../commissions/commission-plan.schema';
import { holdConfigSchema } from '../commissions/hold-config.schema';
import type { ErrorDetail } from '../errors';
import { onboardingConfigSchema } from '../onboarding/onboarding-config.schema';
import { payoutPolicySchema } from '../payouts/payout-policy.schema';
import { reengagementConfigSchema } from '../reengagement/reengagement-config.schema';
import { screeningConfigSchema } from '../screening/screening-config.schema';
import { terminationConfigSchema } from '../termination/termination-config.schema';
import { attributionConfigSchema } from '../tracking/attribution-config.schema';

/** Every kind of operator config a program has (API.md), as written in URLs. */
export const CONFIG_DOCUMENT_KINDS = [
  'screening',
  'onboarding',
  'reengagement',
  'termination',
  'hold',
  'commission-plan',
  'payout',
  'attribution',
] as const;
export const configDocumentKindSchema = z.enum(CONFIG_DOCUMENT_KINDS);
export type ConfigDocumentKind = z.infer<typeof configDocumentKindSchema>;

/** The kinds that can be configured today, each with the schema its documents must satisfy. */
export const CONFIG_DOCUMENT_SCHEMAS = {
  screening: screeningConfigSchema,
  onboarding: onboardingConfigSchema,
  reengagement: reengagementConfigSchema,
  termination: terminationConfigSchema,
  attribution: attributionConfigSchema,
  hold: holdConfigSchema,
  'commission-plan': commissionPlanSchema,
  payout: payoutPolicySchema,
} as const satisfies Partial<Record<ConfigDocumentKind, z.ZodType>>;
export type ConfigurableKind = keyof typeof CONFIG_DOCUMENT_SCHEMAS;

export function isConfigurableKind(kind: ConfigDocumentKind): kind is ConfigurableKind {
  return Object.prototype.hasOwnProperty.call(CONFIG_DOCUMENT_SCHEMAS, kind);
}

export type ConfigDocument<K extends ConfigurableKind> = z.output<(typeof CONFIG_DOCUMENT_SCHEMAS)[K]>;

export type ConfigDocumentValidation<T> = { valid: true; document: T } | { valid: false; problems: ErrorDetail[] };

/**
 * Checks a document against its kind's schema. A valid document comes back normalised (defaults
 * filled in, codes upper-cased): that is what gets stored. Problems name their path inside the
 * document (`steps.2.afterDays`).
 */
export function validateConfigDocument<K extends ConfigurableKind>(
  kind: K,
  document: unknown,
): ConfigDocumentValidation<ConfigDocument<K>> {
  // Indexing with a generic key loses the kind ↔ schema pairing that the table itself guarantees.
  const schema = CONFIG_DOCUMENT_SCHEMAS[kind] as unknown as z.ZodType<ConfigDocument<K>>;
  const result = schema.safeParse(document);
  if (result.success) return { valid: true, document: result.data };
  return {
    valid: false,
    problems: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}
