import type { Coupon } from '@partnerflow/db';

export const couponView = (coupon: Coupon) => ({
  id: coupon.id,
  code: coupon.code,
  partnerId: coupon.partnerId,
  programId: coupon.programId,
  createdAt: coupon.createdAt.toISOString(),
});
