-- CreateEnum
CREATE TYPE "CreativeKind" AS ENUM ('banner', 'landing_page', 'copy', 'video', 'other');

-- CreateEnum
CREATE TYPE "CreativeStatus" AS ENUM ('draft', 'published', 'deprecated');

-- CreateTable
CREATE TABLE "creatives" (
    "id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "CreativeKind" NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "status" "CreativeStatus" NOT NULL DEFAULT 'draft',
    "published_at" TIMESTAMPTZ(3),
    "deprecated_at" TIMESTAMPTZ(3),
    "deprecation_reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "creatives_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "creatives_program_id_status_idx" ON "creatives"("program_id", "status");

-- AddForeignKey
ALTER TABLE "creatives" ADD CONSTRAINT "creatives_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
