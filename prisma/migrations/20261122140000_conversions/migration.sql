-- CreateEnum
CREATE TYPE "ConversionType" AS ENUM ('lead', 'signup', 'trial_start', 'sale', 'deposit', 'renewal', 'trade', 'refund', 'chargeback');

-- CreateEnum
CREATE TYPE "ConversionSource" AS ENUM ('postback', 'event');

-- CreateEnum
CREATE TYPE "AttributionOutcome" AS ENUM ('attributed', 'recurring', 'inherited', 'unattributed');

-- CreateEnum
CREATE TYPE "ConversionCommissionStatus" AS ENUM ('pending', 'processed', 'not_applicable');

-- CreateEnum
CREATE TYPE "TouchKind" AS ENUM ('click', 'coupon');

-- AlterTable
ALTER TABLE "programs" ADD COLUMN     "postback_secret" TEXT;

-- AlterTable
ALTER TABLE "partners" ADD COLUMN     "first_click_at" TIMESTAMPTZ(3),
ADD COLUMN     "first_conversion_at" TIMESTAMPTZ(3),
ADD COLUMN     "known_ip_hashes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "clicks" ADD COLUMN     "from_listed_range" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "visitor_id" TEXT;

-- CreateTable
CREATE TABLE "coupons" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "code_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "coupons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversions" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "type" "ConversionType" NOT NULL,
    "external_id" TEXT NOT NULL,
    "source" "ConversionSource" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "click_id" TEXT,
    "coupon_code" TEXT,
    "customer_id" TEXT,
    "customer_email_hash" TEXT,
    "ip_hash" TEXT,
    "visitor_id" TEXT,
    "amount_minor" BIGINT,
    "currency" CHAR(3),
    "lines" JSONB,
    "sub1" TEXT,
    "sub2" TEXT,
    "sub3" TEXT,
    "sub4" TEXT,
    "sub5" TEXT,
    "refers_to_id" TEXT,
    "partner_id" TEXT,
    "attribution_outcome" "AttributionOutcome" NOT NULL,
    "attribution_model" TEXT,
    "attribution_config_version" INTEGER,
    "attribution" JSONB NOT NULL,
    "fraud_flags" JSONB NOT NULL DEFAULT '[]',
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "commission_status" "ConversionCommissionStatus" NOT NULL,

    CONSTRAINT "conversions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversion_shares" (
    "conversion_id" TEXT NOT NULL,
    "touch_id" TEXT NOT NULL,
    "touch_kind" "TouchKind" NOT NULL,
    "partner_id" TEXT NOT NULL,
    "share_ppm" INTEGER NOT NULL,
    "amount_minor" BIGINT,

    CONSTRAINT "conversion_shares_pkey" PRIMARY KEY ("conversion_id","touch_id")
);

-- CreateTable
CREATE TABLE "customer_attributions" (
    "program_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "conversion_id" TEXT NOT NULL,
    "attributed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_attributions_pkey" PRIMARY KEY ("program_id","customer_id")
);

-- CreateIndex
CREATE INDEX "clicks_visitor_id_at_idx" ON "clicks"("visitor_id", "at");

-- CreateIndex
CREATE INDEX "coupons_partner_id_idx" ON "coupons"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "coupons_program_id_code_key_key" ON "coupons"("program_id", "code_key");

-- CreateIndex
CREATE INDEX "conversions_program_id_occurred_at_idx" ON "conversions"("program_id", "occurred_at");

-- CreateIndex
CREATE INDEX "conversions_partner_id_occurred_at_idx" ON "conversions"("partner_id", "occurred_at");

-- CreateIndex
CREATE INDEX "conversions_program_id_ip_hash_occurred_at_idx" ON "conversions"("program_id", "ip_hash", "occurred_at");

-- CreateIndex
CREATE INDEX "conversions_visitor_id_occurred_at_idx" ON "conversions"("visitor_id", "occurred_at");

-- CreateIndex
CREATE INDEX "conversions_refers_to_id_idx" ON "conversions"("refers_to_id");

-- CreateIndex
CREATE UNIQUE INDEX "conversions_program_id_external_id_type_key" ON "conversions"("program_id", "external_id", "type");

-- CreateIndex
CREATE INDEX "conversion_shares_partner_id_idx" ON "conversion_shares"("partner_id");

-- AddForeignKey
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_refers_to_id_fkey" FOREIGN KEY ("refers_to_id") REFERENCES "conversions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversion_shares" ADD CONSTRAINT "conversion_shares_conversion_id_fkey" FOREIGN KEY ("conversion_id") REFERENCES "conversions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
