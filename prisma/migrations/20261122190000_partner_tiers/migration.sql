-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'partner_check_in';

-- AlterTable
ALTER TABLE "partners" ADD COLUMN     "tier" TEXT,
ADD COLUMN     "tier_changed_at" TIMESTAMPTZ(3);
