import type { Program } from '@partnerflow/db';
import type { z } from 'zod';
import type { programSchema } from './programs.schemas';

export function programView(program: Program): z.infer<typeof programSchema> {
  return { id: program.id, slug: program.slug, name: program.name, createdAt: program.createdAt.toISOString() };
}
