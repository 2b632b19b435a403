import { z } from 'zod';

/**
 * A program's tracking and attribution settings: the `attribution` config kind (a versioned
 * operator document like screening). Every field has a default, so a program without an
 * attribution config still parses — but with no allowed domains it cannot hand out links.
 */

/** Only last click is implemented; the other models join this enum as the attribution engine grows. */
export const ATTRIBUTION_MODELS = ['last_click'] as const;
export const attributionModelSchema = z
  .enum(ATTRIBUTION_MODELS)
  .describe('which touch wins a conversion; last_click: the most recent click within the window');
export type AttributionModel = z.infer<typeof attributionModelSchema>;

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
  })
  .strict();

export type AttributionConfig = z.infer<typeof attributionConfigSchema>;
export type AttributionConfigInput = z.input<typeof attributionConfigSchema>;

/** What a program without an attribution config runs with. */
export const DEFAULT_ATTRIBUTION_CONFIG: AttributionConfig = attributionConfigSchema.parse({});
