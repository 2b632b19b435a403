#!/bin/sh
# Stand-in for Prisma's native schema engine, which Prisma downloads from its own servers.
# `prisma generate` only checks that an engine file exists and never runs it, so pointing
# PRISMA_SCHEMA_ENGINE_BINARY here lets generate work offline. Anything that really needs
# the engine (prisma migrate dev, db push) fails loudly instead of hanging on a download.
echo "Prisma's schema engine is not installed on this machine; migrations are applied with 'node dist/prisma/migrate.js' (see README)." >&2
exit 1
