-- AlterEnum
ALTER TYPE "BroadcastRecipientStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "broadcasts" ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3),
ADD COLUMN     "cancelled_by" TEXT;
