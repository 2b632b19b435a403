import { defineConfig } from 'prisma/config';

// The Prisma CLI is used here for `prisma generate` only; migrations are applied by
// prisma/migrate.ts (the schema engine cannot be downloaded on offline machines).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/partnerflow' },
});
