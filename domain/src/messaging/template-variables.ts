import { z } from 'zod';

/**
 * The typed variables a message template declares (`{ amount: "money", dueDate: "date?" }`). A
 * trailing `?` makes a variable optional: it renders as nothing when absent. Values are checked
 * against these types before anything is rendered or sent.
 */
export const TEMPLATE_VARIABLE_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'url', 'email', 'money'] as const;
export type TemplateVariableBaseType = (typeof TEMPLATE_VARIABLE_TYPES)[number];

export const templateVariableTypeSchema = z
  .string()
  .regex(new RegExp(`^(${TEMPLATE_VARIABLE_TYPES.join('|')})\\??$`), `must be one of ${TEMPLATE_VARIABLE_TYPES.join(', ')} (with "?" when optional)`)
  .describe('the variable\'s type; a trailing "?" makes it optional');

export const TEMPLATE_VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const templateVariableNameSchema = z.string().regex(TEMPLATE_VARIABLE_NAME, 'must be a name of letters, digits and _ starting with a letter');

/** Declared variables: name → type. */
export const templateVariablesSchema = z.record(templateVariableNameSchema, templateVariableTypeSchema);
export type TemplateVariables = z.infer<typeof templateVariablesSchema>;

/** Always available: the recipient's and the program's names and ids, filled in by the sender. */
export const BUILT_IN_TEMPLATE_VARIABLES = {
  partnerName: 'string',
  partnerEmail: 'string',
  partnerId: 'string',
  programName: 'string',
} as const satisfies TemplateVariables;

export const isBuiltInVariable = (name: string): boolean => Object.hasOwn(BUILT_IN_TEMPLATE_VARIABLES, name);

const decimalText = /^-?\d+(\.\d+)?$/;
const moneyObject = z.object({ amount: z.union([z.string().regex(decimalText, 'must be a decimal amount like "12.50"'), z.number()]), currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code') });

/** How each type is checked and shown; shown values are plain text (escaped later for HTML). */
const TYPE_RULES: Record<TemplateVariableBaseType, z.ZodType<string>> = {
  string: z.union([z.string().max(5_000), z.number().refine(Number.isFinite)]).transform(String),
  number: z.union([z.number().refine(Number.isFinite, 'must be a finite number'), z.string().regex(decimalText, 'must be a number')]).transform(String),
  integer: z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be a whole number')]).transform(String),
  boolean: z.boolean().transform((value) => (value ? 'yes' : 'no')),
  date: z.iso.date().transform((value) => value),
  datetime: z.iso.datetime({ offset: true }).transform((value) => value),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((value) => value),
  email: z.email().transform((value) => value),
  money: z.union([moneyObject.transform(({ amount, currency }) => `${amount} ${currency}`), z.string().regex(/^-?\d+(\.\d+)? [A-Z]{3}$/, 'must be money like "12.50 EUR" or { amount, currency }')]),
};

export function parseVariableType(type: string): { base: TemplateVariableBaseType; optional: boolean } {
  const optional = type.endsWith('?');
  return { base: (optional ? type.slice(0, -1) : type) as TemplateVariableBaseType, optional };
}

/**
 * The zod schema of a template's values: each declared variable by its type (built-ins included),
 * unknown values ignored. Parsing yields each value as the text it renders to.
 */
export function templateValuesSchema(declared: TemplateVariables): z.ZodType<Record<string, string | undefined>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, type] of Object.entries({ ...BUILT_IN_TEMPLATE_VARIABLES, ...declared })) {
    const { base, optional } = parseVariableType(type);
    shape[name] = optional ? TYPE_RULES[base].optional().nullable().transform((value) => value ?? undefined) : TYPE_RULES[base];
  }
  return z.object(shape) as unknown as z.ZodType<Record<string, string | undefined>>;
}
