-- CreateEnum
CREATE TYPE "PartnerType" AS ENUM ('content', 'coupon', 'influencer', 'agency', 'ib', 'other');

-- CreateEnum
CREATE TYPE "PartnerStage" AS ENUM ('APPLIED', 'ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK', 'PAUSED', 'TERMINATED', 'REJECTED');

-- CreateEnum
CREATE TYPE "ConfigKind" AS ENUM ('screening', 'onboarding', 'reengagement', 'hold', 'commission_plan', 'payout', 'termination', 'attribution');

-- CreateEnum
CREATE TYPE "MessageChannel" AS ENUM ('email', 'inbox');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('queued', 'sent', 'failed', 'read');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('system', 'operator', 'partner', 'public');

-- CreateEnum
CREATE TYPE "OperatorRole" AS ENUM ('admin', 'manager', 'finance', 'compliance', 'viewer');

-- CreateTable
CREATE TABLE "programs" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "config_versions" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "kind" "ConfigKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "config_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partners" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "website" TEXT,
    "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "audience_size" INTEGER NOT NULL,
    "type" "PartnerType" NOT NULL,
    "referrer_partner_id" TEXT,
    "stage" "PartnerStage" NOT NULL DEFAULT 'APPLIED',
    "stage_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "workflow_id" TEXT NOT NULL,
    "workflow_started_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "partners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "channel" "MessageChannel" NOT NULL,
    "sender_type" "ActorType" NOT NULL,
    "recipient" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body_text" TEXT NOT NULL,
    "body_html" TEXT,
    "status" "MessageStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "smtp_message_id" TEXT,
    "last_error" TEXT,
    "workflow_id" TEXT,
    "step" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "link_type" TEXT,
    "link_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "request_id" TEXT,
    "workflow_id" TEXT,
    "idempotency_key" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "OperatorRole" NOT NULL,
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "programs_slug_key" ON "programs"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "config_versions_program_id_kind_version_key" ON "config_versions"("program_id", "kind", "version");

-- CreateIndex
CREATE INDEX "partners_program_id_stage_idx" ON "partners"("program_id", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "partners_program_id_email_key" ON "partners"("program_id", "email");

-- CreateIndex
CREATE UNIQUE INDEX "messages_idempotency_key_key" ON "messages"("idempotency_key");

-- CreateIndex
CREATE INDEX "messages_partner_id_created_at_idx" ON "messages"("partner_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_idempotency_key_key" ON "audit_log"("idempotency_key");

-- CreateIndex
CREATE INDEX "audit_log_target_type_target_id_at_idx" ON "audit_log"("target_type", "target_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- AddForeignKey
ALTER TABLE "config_versions" ADD CONSTRAINT "config_versions_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partners" ADD CONSTRAINT "partners_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partners" ADD CONSTRAINT "partners_referrer_partner_id_fkey" FOREIGN KEY ("referrer_partner_id") REFERENCES "partners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Not generated by Prisma (schema.prisma cannot express it): the audit log is append-only.
-- Every UPDATE or DELETE of an audit_log row fails, whoever issues it.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'raise_exception', HINT = 'Record a new audit entry instead.';
END;
$$;

CREATE TRIGGER "audit_log_append_only"
    BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();

-- Row triggers do not fire on TRUNCATE, so it gets its own statement-level trigger.
CREATE TRIGGER "audit_log_no_truncate"
    BEFORE TRUNCATE ON "audit_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
