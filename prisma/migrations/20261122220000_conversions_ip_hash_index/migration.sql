-- The IP velocity count (conversion-facts.sql.ts) reads a customer IP's conversions by ip_hash and
-- checks the program as a filter: with program_id as a leading index condition, a cached generic
-- plan could pick (program_id, occurred_at) instead and walk the program's whole day per report.
-- The index is built inside the migration's transaction: on a large conversions table, ingestion
-- waits for the build, so upgrade in a quiet hour.
-- DropIndex
DROP INDEX "conversions_program_id_ip_hash_occurred_at_idx";

-- CreateIndex
CREATE INDEX "conversions_ip_hash_occurred_at_idx" ON "conversions"("ip_hash", "occurred_at");
