-- AlterEnum
ALTER TYPE "MessageStatus" ADD VALUE 'delivered';

-- CreateEnum
CREATE TYPE "MessageTemplateFormat" AS ENUM ('text', 'markdown');

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "delivered_at" TIMESTAMPTZ(3),
ADD COLUMN     "not_before" TIMESTAMPTZ(3),
ADD COLUMN     "post_id" TEXT,
ADD COLUMN     "read_at" TIMESTAMPTZ(3),
ADD COLUMN     "sender_id" TEXT,
ADD COLUMN     "template_version" INTEGER,
ADD COLUMN     "thread_id" TEXT;

-- AlterTable
ALTER TABLE "partners" ADD COLUMN     "parent_partner_id" TEXT;

-- CreateTable
CREATE TABLE "message_threads" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "upline_partner_id" TEXT,
    "subject" TEXT NOT NULL,
    "link_type" TEXT,
    "link_id" TEXT,
    "started_by_type" "ActorType" NOT NULL,
    "started_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_receipts" (
    "message_id" TEXT NOT NULL,
    "reader_type" "ActorType" NOT NULL,
    "reader_id" TEXT NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_via" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,

    CONSTRAINT "message_receipts_pkey" PRIMARY KEY ("message_id","reader_type","reader_id")
);

-- CreateTable
CREATE TABLE "message_templates" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_template_versions" (
    "id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "format" "MessageTemplateFormat" NOT NULL,
    "body" TEXT NOT NULL,
    "variables" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_template_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "partner_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "channels" "MessageChannel"[],
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("partner_id","kind")
);

-- CreateTable
CREATE TABLE "notification_rule_sets" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_rule_sets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "messages_thread_id_created_at_idx" ON "messages"("thread_id", "created_at");

-- CreateIndex
CREATE INDEX "partners_parent_partner_id_idx" ON "partners"("parent_partner_id");

-- CreateIndex
CREATE INDEX "message_threads_partner_id_last_message_at_idx" ON "message_threads"("partner_id", "last_message_at");

-- CreateIndex
CREATE INDEX "message_threads_upline_partner_id_last_message_at_idx" ON "message_threads"("upline_partner_id", "last_message_at");

-- CreateIndex
CREATE UNIQUE INDEX "message_templates_program_id_key_locale_key" ON "message_templates"("program_id", "key", "locale");

-- CreateIndex
CREATE UNIQUE INDEX "message_template_versions_template_id_version_key" ON "message_template_versions"("template_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "notification_rule_sets_program_id_version_key" ON "notification_rule_sets"("program_id", "version");

-- AddForeignKey
ALTER TABLE "partners" ADD CONSTRAINT "partners_parent_partner_id_fkey" FOREIGN KEY ("parent_partner_id") REFERENCES "partners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "message_threads"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_receipts" ADD CONSTRAINT "message_receipts_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_template_versions" ADD CONSTRAINT "message_template_versions_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "message_templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
