/**
 * One-line summaries of the explanations the ledger stores (plain JSON written by the commission
 * engine and the reversal step). Read leniently: a statement must render even for an entry
 * written by an older version with a different shape.
 */

const MAX_SUMMARY = 300;

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

function clip(text: string): string {
  return text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY - 1)}…`;
}

/**
 * `plan v3, percentage rule "sale-revshare": 10% of 200.00 EUR = 20.00 EUR`. The engine's first
 * step names the rule and whose terms applied, which the prefix already says, so it is left out
 * when there are more.
 */
export function commissionExplanationSummary(explanation: unknown): string {
  const data = record(explanation);
  const rule = record(data.rule);
  const parts: string[] = [];
  if (typeof data.planVersion === 'number') parts.push(`plan v${data.planVersion}`);
  const ruleId = typeof rule.planRuleId === 'string' ? rule.planRuleId : typeof rule.ruleId === 'string' ? rule.ruleId : null;
  if (ruleId) parts.push(`${typeof rule.type === 'string' ? `${rule.type} ` : ''}rule "${ruleId}"`);
  const steps = texts(data.steps);
  const computation = (steps.length > 1 ? steps.slice(1) : steps).join('; ');
  const prefix = parts.join(', ');
  if (!prefix && !computation) return '';
  return clip(prefix && computation ? `${prefix}: ${computation}` : prefix || computation);
}

/** `refund cnv_… of cnv_…: 25% of the commission = -5.00 EUR`. */
export function reversalExplanationSummary(explanation: unknown): string {
  const data = record(explanation);
  const reversal = record(data.reversal);
  const steps = texts(data.steps);
  const head =
    typeof reversal.type === 'string'
      ? `${reversal.type}${typeof reversal.conversionId === 'string' ? ` ${reversal.conversionId}` : ''}` +
        `${typeof reversal.originalConversionId === 'string' ? ` of ${reversal.originalConversionId}` : ''}`
      : '';
  const tail = steps.at(-1) ?? '';
  const absorbed = data.absorbed === true ? ' (absorbed by the program)' : '';
  return clip([head, tail].filter(Boolean).join(': ') + absorbed);
}

/** The original conversion a reversal entry names in its explanation, if it does. */
export function reversedConversionId(explanation: unknown): string | null {
  const original = record(record(explanation).reversal).originalConversionId;
  return typeof original === 'string' ? original : null;
}
