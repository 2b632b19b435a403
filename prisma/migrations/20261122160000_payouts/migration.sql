-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'payout_approval';

-- AlterEnum
ALTER TYPE "LedgerEntryKind" ADD VALUE 'payout_returned';

-- CreateEnum
CREATE TYPE "PayoutRunStatus" AS ENUM ('snapshotting', 'awaiting_approval', 'disbursing', 'completed');

-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('carried_over', 'held', 'awaiting_approval', 'approved', 'rejected', 'skipped', 'processing', 'paid', 'failed', 'returned');

-- CreateEnum
CREATE TYPE "PayoutMethodType" AS ENUM ('manual', 'bank_transfer', 'paypal', 'stripe');

-- CreateEnum
CREATE TYPE "TaxFormType" AS ENUM ('w9', 'w8ben', 'w8bene');

-- AlterTable
ALTER TABLE "ledger_entries" ADD COLUMN     "payout_id" TEXT;

-- CreateTable
CREATE TABLE "payout_runs" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "period_end" DATE NOT NULL,
    "cutoff_at" TIMESTAMPTZ(3) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "policy_version" INTEGER NOT NULL,
    "status" "PayoutRunStatus" NOT NULL DEFAULT 'snapshotting',
    "trigger" TEXT NOT NULL,
    "requested_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "payout_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payouts" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "PayoutStatus" NOT NULL,
    "gates" JSONB NOT NULL,
    "status_reason" TEXT,
    "approvals_required" INTEGER NOT NULL DEFAULT 0,
    "method" "PayoutMethodType",
    "provider" TEXT,
    "provider_reference" TEXT,
    "provider_status" TEXT,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),
    "returned_at" TIMESTAMPTZ(3),

    CONSTRAINT "payouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_items" (
    "payout_id" TEXT NOT NULL,
    "ledger_entry_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,

    CONSTRAINT "payout_items_pkey" PRIMARY KEY ("payout_id","ledger_entry_id")
);

-- CreateTable
CREATE TABLE "payout_approvals" (
    "id" TEXT NOT NULL,
    "payout_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "approver_id" TEXT NOT NULL,
    "decision" "TaskDecision" NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payout_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_methods" (
    "partner_id" TEXT NOT NULL,
    "type" "PayoutMethodType" NOT NULL,
    "details" JSONB NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payout_methods_pkey" PRIMARY KEY ("partner_id")
);

-- CreateTable
CREATE TABLE "tax_profiles" (
    "partner_id" TEXT NOT NULL,
    "form_type" "TaxFormType" NOT NULL,
    "us_person" BOOLEAN NOT NULL,
    "legal_name" TEXT NOT NULL,
    "business_name" TEXT,
    "country" CHAR(2) NOT NULL,
    "address" JSONB NOT NULL,
    "tin_type" TEXT,
    "tin_encrypted" TEXT,
    "tin_last4" TEXT,
    "fields" JSONB NOT NULL,
    "signature_name" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tax_profiles_pkey" PRIMARY KEY ("partner_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "payout_runs_program_id_period_end_key" ON "payout_runs"("program_id", "period_end");

-- CreateIndex
CREATE INDEX "payouts_partner_id_created_at_idx" ON "payouts"("partner_id", "created_at");

-- CreateIndex
CREATE INDEX "payouts_program_id_status_idx" ON "payouts"("program_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "payouts_run_id_partner_id_key" ON "payouts"("run_id", "partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "payout_items_ledger_entry_id_key" ON "payout_items"("ledger_entry_id");

-- CreateIndex
CREATE INDEX "payout_approvals_run_id_idx" ON "payout_approvals"("run_id");

-- CreateIndex
CREATE UNIQUE INDEX "payout_approvals_payout_id_approver_id_key" ON "payout_approvals"("payout_id", "approver_id");

-- AddForeignKey
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "payout_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_items" ADD CONSTRAINT "payout_items_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_approvals" ADD CONSTRAINT "payout_approvals_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
