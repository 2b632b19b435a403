-- CreateEnum
CREATE TYPE "ConfigApplyTo" AS ENUM ('new', 'running');

-- AlterTable
ALTER TABLE "config_versions" ADD COLUMN     "apply_to" "ConfigApplyTo" NOT NULL DEFAULT 'new';
