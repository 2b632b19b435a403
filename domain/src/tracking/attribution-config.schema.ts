import { z } from 'zod';
import { partnerTypeSchema } from '../partners/partner.schema';
import { fraudConfigSchema } from './fraud/fraud-config.schema';

/**
 * A program's tracking and attribution settings: the `attribution` config kind (a versioned
 * operator document like screening). Every field has a default, so a program without an
 * attribution config still parses — but with no allowed domains it cannot hand out links.
 * Documents stored before the multi-touch models existed parse to the same last-click behaviour.
 */

export const ATTRIBUTION_MODELS = ['last_click', 'first_click', 'linear', 'time_decay', 'position_based', 'hybrid'] as const;
export const attributionModelSchema = z
  .enum(ATTRIBUTION_MODELS)
  .describe(
    'which touches earn a conversion, among the counted touches in the window — ' +
      'last_click: the most recent touch takes it all; first_click: the earliest touch takes it all; ' +
      'linear: every touch gets an equal share; time_decay: a touch counts half as much every timeDecay.halfLifeDays before the conversion; ' +
      'position_based: first and last touches get positionBased.firstPercent and lastPercent, the touches between share the rest; ' +
      'hybrid: each touch weighs its partner type’s weight from hybrid.weightsByPartnerType',
  );
export type AttributionModel = z.infer<typeof attributionModelSchema>;

export const COUPON_PRECEDENCES = ['coupon', 'click', 'model'] as const;
export const couponPrecedenceSchema = z
  .enum(COUPON_PRECEDENCES)
  .describe(
    'how a coupon used at checkout competes with clicks — coupon: a counted coupon takes the whole conversion and clicks earn nothing; ' +
      'click: clicks decide and a coupon counts only when no click does; model: the coupon is one more touch at the conversion time and the model splits among all touches',
  );
export type CouponPrecedence = z.infer<typeof couponPrecedenceSchema>;

/** A bare host name ("example.com", "shop.example.co.uk"): no scheme, port, path or wildcard. */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export const allowedDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(HOST_NAME, 'must be a host name such as "example.com" (no scheme, port, path or wildcard)')
  .describe('a destination host must equal this domain or be a subdomain of it');

/** RFC 6265 cookie-name token characters, kept to a readable subset. */
const COOKIE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** A query parameter name that needs no percent-encoding. */
const QUERY_PARAM = /^[A-Za-z0-9_.-]{1,64}$/;

/** Browsers cap a cookie's lifetime at 400 days (RFC 6265bis). */
export const MAX_WINDOW_DAYS = 400;

/** Weights are relative to each other; the cap keeps operator typos (10000 for 1.0) visible. */
export const MAX_HYBRID_WEIGHT = 1000;

const percentSchema = z.number().int().min(0).max(100);

const timeDecaySchema = z
  .object({
    halfLifeDays: z
      .number()
      .positive()
      .max(365)
      .default(7)
      .describe("days over which a touch's weight halves: a touch halfLifeDays before the conversion weighs half as much as one at the conversion"),
  })
  .strict()
  .prefault({})
  .describe('settings of the time_decay model');

const positionBasedSchema = z
  .object({
    firstPercent: percentSchema.default(40).describe('share of the earliest counted touch, in percent'),
    lastPercent: percentSchema.default(40).describe('share of the most recent counted touch, in percent'),
  })
  .strict()
  .prefault({})
  .describe(
    'settings of the position_based model: the touches between first and last share the remaining percent equally; ' +
      'a single touch takes 100%, two touches split in proportion firstPercent:lastPercent',
  );

const hybridSchema = z
  .object({
    weightsByPartnerType: z
      .partialRecord(partnerTypeSchema, z.number().min(0).max(MAX_HYBRID_WEIGHT))
      .default({})
      .describe("each counted touch weighs its partner type's weight; a type not listed weighs 1"),
  })
  .strict()
  .prefault({})
  .describe('settings of the hybrid model; when every counted touch weighs 0, the most recent touch takes the conversion');

export const attributionConfigSchema = z
  .object({
    model: attributionModelSchema.default('last_click'),
    windowDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_WINDOW_DAYS)
      .default(30)
      .describe('attribution window in days: how long a click can earn a conversion, and the cookie lifetime'),
    allowedDomains: z
      .array(allowedDomainSchema)
      .max(100)
      .default([])
      .describe('where partner links may point; empty means no link can be created'),
    clickIdParam: z
      .string()
      .regex(QUERY_PARAM, 'must be 1–64 letters, digits, "_", "-" or "."')
      .default('pf_click')
      .describe('query parameter that carries the click id to the destination'),
    cookieName: z
      .string()
      .regex(COOKIE_NAME, 'must be 1–64 letters, digits, "_", "-" or "."')
      .default('pf_click')
      .describe('first-party cookie that keeps the click id for the attribution window'),
    timeDecay: timeDecaySchema,
    positionBased: positionBasedSchema,
    hybrid: hybridSchema,
    couponPrecedence: couponPrecedenceSchema.default('coupon'),
    recurringWindowDays: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .default(365)
      .describe(
        "days a customer's later conversions (renewals, further deposits) stay with the partner who first won that customer, " +
          'counted from that first conversion; 0 attributes every conversion afresh',
      ),
    fraud: fraudConfigSchema.prefault({}).describe('fraud signals raised at conversion ingestion (flags, never drops)'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { firstPercent, lastPercent } = config.positionBased;
    if (firstPercent + lastPercent > 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['positionBased', 'lastPercent'],
        message: `positionBased.firstPercent + lastPercent must be at most 100 (got ${firstPercent} + ${lastPercent} = ${firstPercent + lastPercent})`,
      });
    }
    if (config.model === 'hybrid' && !hybridCanCredit(config.hybrid.weightsByPartnerType)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hybrid', 'weightsByPartnerType'],
        message: 'the hybrid model needs at least one partner type weighing more than 0 (a type not listed weighs 1)',
      });
    }
  });

/** False only when every partner type is listed with weight 0: then no touch could ever earn anything. */
function hybridCanCredit(weights: Partial<Record<string, number>>): boolean {
  return partnerTypeSchema.options.some((type) => (weights[type] ?? 1) > 0);
}

export type AttributionConfig = z.infer<typeof attributionConfigSchema>;
export type AttributionConfigInput = z.input<typeof attributionConfigSchema>;

/** What a program without an attribution config runs with. */
export const DEFAULT_ATTRIBUTION_CONFIG: AttributionConfig = attributionConfigSchema.parse({});
