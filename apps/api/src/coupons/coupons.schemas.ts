import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageSchema } from '../common/http/pagination';

export const createCouponSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{3,32}$/, 'must be 3–32 letters, digits, "_" or "-"')
      .describe('the code customers type at checkout; unique per program, case-insensitive'),
  })
  .strict();
export class CreateCouponDto extends createZodDto(createCouponSchema) {}

export const couponSchema = z
  .object({
    id: z.string().describe('cpn_… id'),
    code: z.string(),
    partnerId: z.string(),
    programId: z.string(),
    createdAt: z.iso.datetime(),
  });
export class CouponDto extends createZodDto(couponSchema) {}
export class CouponPageDto extends createZodDto(pageSchema(couponSchema)) {}
