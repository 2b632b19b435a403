import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const magicLinkRequestSchema = z
  .object({
    programId: z.string().trim().min(1).optional().describe('the program id (or slug)'),
    programSlug: z.string().trim().min(1).optional().describe('the program slug, instead of programId'),
    email: z.email('must be a valid email address').transform((email) => email.toLowerCase()),
  })
  .strict()
  .refine((body) => body.programId !== undefined || body.programSlug !== undefined, {
    message: 'name the program: programId or programSlug',
    path: ['programId'],
  });
export class MagicLinkRequestDto extends createZodDto(magicLinkRequestSchema) {}

export const magicLinkAcceptedSchema = z.object({
  accepted: z.literal(true),
  message: z.string(),
});
export class MagicLinkAcceptedDto extends createZodDto(magicLinkAcceptedSchema) {}

export const sessionRequestSchema = z
  .object({ token: z.string().trim().min(1, 'is required').max(200).describe('the token from the sign-in email') })
  .strict();
export class SessionRequestDto extends createZodDto(sessionRequestSchema) {}

export const sessionSchema = z.object({
  token: z.string().describe('send as `Authorization: Bearer <token>` to /v1/me/…; shown once'),
  expiresAt: z.iso.datetime(),
  partnerId: z.string(),
  programId: z.string(),
});
export class SessionDto extends createZodDto(sessionSchema) {}
