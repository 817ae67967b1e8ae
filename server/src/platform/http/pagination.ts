import { z } from 'zod';

export const pageQuery = z
  .object({
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .loose();

export type PageQuery = z.infer<typeof pageQuery>;
