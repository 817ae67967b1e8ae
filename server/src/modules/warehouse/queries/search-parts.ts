import type { PartSearchHitDto, SearchMatchKind } from '../../../contracts/warehouse.ts';
import { select, type Executor } from '../db.ts';
import { likePrefix, normalizeBarcode, normalizeNumber } from '../rules/normalize-number.ts';
import { presentPartSqlRow, stockFigures } from '../warehouse.presenter.ts';

export interface SearchInput {
  q?: string;
  brand?: string;
  by?: 'any' | 'number' | 'name';
  inStock?: 'true' | 'false';
  limit: number;
}

interface HitRow extends Record<string, unknown> {
  match_kind: SearchMatchKind;
  match_number: string | null;
  match_via: string | null;
  exact: boolean;
  rank: number;
  on_hand: string | null;
  reserved: string | null;
}

/** How many candidate numbers each arm of a prefix search looks at (keeps a one-letter query cheap). */
const PREFIX_CANDIDATES = 100;

/**
 * Number search: the number as typed, normalised, matched exactly or as a prefix against every number
 * of every part (SKU, article, OEM), the barcode as scanned, and one hop through the cross-references
 * (analogues, from either side). Ranked exact before prefix, own numbers before analogues. The stock is
 * summed only for the parts that make the page (unless the caller asks for parts in stock only).
 */
function numberSql(inStockOnly: boolean): string {
  const stock = `LEFT JOIN LATERAL (SELECT sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM stock_levels WHERE part_id = p.id) s ON true`;
  return `
  WITH own AS (
    (SELECT part_id, kind, number, true AS exact FROM part_numbers WHERE number_norm = :norm LIMIT ${PREFIX_CANDIDATES})
    UNION ALL
    (SELECT part_id, kind, number, false FROM part_numbers
      WHERE number_norm LIKE :prefix AND number_norm > :norm ORDER BY number_norm LIMIT ${PREFIX_CANDIDATES})
  ),
  scanned AS (
    SELECT id AS part_id, 'barcode'::text AS kind, barcode AS number, true AS exact FROM parts WHERE barcode = :barcode
  ),
  pairs AS (
    (SELECT norm_b AS other, number_a AS via, norm_a = :norm AS exact FROM cross_references
      WHERE norm_a LIKE :prefix ORDER BY norm_a LIMIT ${PREFIX_CANDIDATES})
    UNION ALL
    (SELECT norm_a, number_b, norm_b = :norm FROM cross_references
      WHERE norm_b LIKE :prefix ORDER BY norm_b LIMIT ${PREFIX_CANDIDATES})
  ),
  analogues AS (
    SELECT pn.part_id, 'analogue'::text AS kind, pn.number, x.via, x.exact
      FROM pairs x JOIN part_numbers pn ON pn.number_norm = x.other
  ),
  hits AS (
    SELECT part_id, kind, number, NULL::text AS via, exact, CASE WHEN exact THEN 0 ELSE 2 END AS rank FROM own
    UNION ALL SELECT part_id, kind, number, NULL, exact, 0 FROM scanned
    UNION ALL SELECT part_id, kind, number, via, exact, CASE WHEN exact THEN 1 ELSE 3 END FROM analogues
  ),
  best AS (
    SELECT DISTINCT ON (part_id) part_id, kind, number, via, exact, rank FROM hits ORDER BY part_id, rank, number
  ),
  page AS (
    SELECT p.*, b.kind AS match_kind, b.number AS match_number, b.via AS match_via, b.exact, b.rank
           ${inStockOnly ? ', s.on_hand, s.reserved' : ''}
      FROM best b
      JOIN parts p ON p.id = b.part_id
      ${inStockOnly ? stock : ''}
     WHERE (:brand::text IS NULL OR lower(p.brand) = lower(:brand::text))
       ${inStockOnly ? 'AND coalesce(s.on_hand, 0) > coalesce(s.reserved, 0)' : ''}
     ORDER BY b.rank, p.active DESC, p.name
     LIMIT :limit
  )
  ${
    inStockOnly
      ? 'SELECT * FROM page p ORDER BY p.rank, p.active DESC, p.name'
      : `SELECT p.*, s.on_hand, s.reserved FROM page p ${stock} ORDER BY p.rank, p.active DESC, p.name`
  }`;
}

/** Name and brand search: the page is chosen first, its stock summed after (or before, for "in stock only"). */
function listSql(where: string, order: string, rank: number, inStockOnly: boolean): string {
  const stock = `LEFT JOIN LATERAL (SELECT sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM stock_levels WHERE part_id = p.id) s ON true`;
  const head = `'name'::text AS match_kind, NULL AS match_number, NULL AS match_via, false AS exact, ${rank} AS rank`;
  if (inStockOnly) {
    return `SELECT p.*, ${head}, s.on_hand, s.reserved FROM parts p ${stock}
             WHERE ${where} AND coalesce(s.on_hand, 0) > coalesce(s.reserved, 0) ORDER BY ${order} LIMIT :limit`;
  }
  return `WITH page AS (SELECT p.*, ${head} FROM parts p WHERE ${where} ORDER BY ${order} LIMIT :limit)
          SELECT p.*, s.on_hand, s.reserved FROM page p ${stock} ORDER BY ${order}`;
}

const nameSql = (tokens: string, inStockOnly: boolean) =>
  listSql(
    `${tokens} AND (:brand::text IS NULL OR lower(p.brand) = lower(:brand::text))`,
    'p.active DESC, similarity(lower(p.name), :text) DESC, p.name',
    4,
    inStockOnly,
  );
const brandSql = (inStockOnly: boolean) =>
  listSql('lower(p.brand) = lower(:brand::text)', 'p.active DESC, p.name', 5, inStockOnly);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export async function searchParts(ex: Executor, input: SearchInput): Promise<PartSearchHitDto[]> {
  const q = (input.q ?? '').trim();
  const by = input.by ?? 'any';
  const common = {
    brand: input.brand?.trim() || null,
    inStock: input.inStock === 'true',
    limit: input.limit,
  };
  const rows: HitRow[] = [];
  const norm = normalizeNumber(q);
  if (q && by !== 'name' && norm.length > 0) {
    rows.push(
      ...(await select<HitRow>(ex, numberSql(common.inStock), {
        ...common,
        norm,
        prefix: likePrefix(norm),
        barcode: normalizeBarcode(q),
      })),
    );
  }
  const tokens = q
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .slice(0, 6);
  if (tokens.length && by !== 'number') {
    const where = tokens.map((_, i) => `lower(p.name) LIKE :t${i}`).join(' AND ');
    const replacements: Record<string, unknown> = { ...common, text: q.toLowerCase() };
    tokens.forEach((t, i) => (replacements[`t${i}`] = `%${escapeLike(t)}%`));
    rows.push(...(await select<HitRow>(ex, nameSql(where, common.inStock), replacements)));
  }
  if (!q && common.brand) rows.push(...(await select<HitRow>(ex, brandSql(common.inStock), common)));

  const seen = new Set<string>();
  const hits: PartSearchHitDto[] = [];
  for (const r of rows.sort((a, b) => a.rank - b.rank)) {
    const id = r.id as string;
    if (seen.has(id)) continue;
    seen.add(id);
    hits.push({
      part: presentPartSqlRow(r),
      match: { kind: r.match_kind, number: r.match_number, via: r.match_via, exact: r.exact },
      stock: stockFigures(r.on_hand, r.reserved),
    });
    if (hits.length >= input.limit) break;
  }
  return hits;
}
