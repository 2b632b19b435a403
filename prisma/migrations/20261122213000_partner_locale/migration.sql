-- AlterTable
ALTER TABLE "partners" ADD COLUMN     "locale" TEXT;
