import Router from '@koa/router';
import { QueryTypes, type Sequelize } from 'sequelize';
import { z } from 'zod';
import type { StationDto } from '../../contracts/dto.ts';
import type { AppDeps } from '../../deps.ts';
import { recordAudit } from '../../platform/audit.ts';
import { runCommand } from '../../platform/http/command.ts';
import { parse } from '../../platform/http/validate.ts';
import { permit } from '../identity/identity.policy.ts';

interface StationRow {
  name: string;
  legal_name: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  tax_id: string | null;
  tax_rate_bp?: number;
  prices_include_tax?: boolean;
}

/**
 * The station's identity: its name and details from the database (editable on the desk, printed on
 * documents); time zone, currency, phone region and default language from the configuration.
 */
export async function stationOf(deps: Pick<AppDeps, 'sequelize' | 'config'>): Promise<StationDto> {
  const row = await stationRow(deps.sequelize);
  return {
    name: row?.name ?? 'Pitwall',
    legalName: row?.legal_name ?? null,
    address: row?.address ?? null,
    phone: row?.phone ?? null,
    email: row?.email ?? null,
    taxId: row?.tax_id ?? null,
    timezone: deps.config.station.timezone,
    currency: deps.config.station.currency,
    phoneRegion: deps.config.station.phoneRegion,
    defaultLocale: deps.config.station.locale,
    taxRateBp: row?.tax_rate_bp ?? 2200,
    pricesIncludeTax: row?.prices_include_tax ?? true,
  };
}

async function stationRow(sequelize: Sequelize): Promise<StationRow | undefined> {
  const rows = await sequelize.query<StationRow>('SELECT * FROM station_settings WHERE id = 1', {
    type: QueryTypes.SELECT,
  });
  return rows[0];
}

const text = z.string().trim().max(300).nullable().optional();
const stationBody = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    legalName: text,
    address: text,
    phone: text,
    email: z.email('must be an e-mail address').nullable().optional(),
    taxId: text,
    taxRateBp: z.number().int('must be whole basis points').min(0).max(10_000).optional(),
    pricesIncludeTax: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export function stationRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/station' });
  router.get('/', permit('station.read'), async (ctx) => {
    ctx.body = await stationOf(deps);
  });
  router.patch('/', permit('station.manage'), async (ctx) => {
    const input = parse(stationBody, ctx.request.body);
    await runCommand(deps, ctx, async (cx) => {
      const before = await stationRow(deps.sequelize);
      const next = {
        name: input.name ?? before?.name ?? 'Pitwall',
        legal_name: input.legalName !== undefined ? input.legalName : (before?.legal_name ?? null),
        address: input.address !== undefined ? input.address : (before?.address ?? null),
        phone: input.phone !== undefined ? input.phone : (before?.phone ?? null),
        email: input.email !== undefined ? input.email : (before?.email ?? null),
        tax_id: input.taxId !== undefined ? input.taxId : (before?.tax_id ?? null),
        tax_rate_bp: input.taxRateBp ?? before?.tax_rate_bp ?? 2200,
        prices_include_tax: input.pricesIncludeTax ?? before?.prices_include_tax ?? true,
      };
      await cx.sequelize.query(
        `INSERT INTO station_settings (id, name, legal_name, address, phone, email, tax_id, tax_rate_bp, prices_include_tax, updated_at)
         VALUES (1, :name, :legal_name, :address, :phone, :email, :tax_id, :tax_rate_bp, :prices_include_tax, :now)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, legal_name = EXCLUDED.legal_name, address = EXCLUDED.address,
           phone = EXCLUDED.phone, email = EXCLUDED.email, tax_id = EXCLUDED.tax_id, tax_rate_bp = EXCLUDED.tax_rate_bp,
           prices_include_tax = EXCLUDED.prices_include_tax, updated_at = EXCLUDED.updated_at`,
        { transaction: cx.tx, replacements: { ...next, now: cx.now } },
      );
      await recordAudit(cx, {
        action: 'station.updated',
        entityType: 'station',
        entityId: '1',
        before: before ?? null,
        after: next,
      });
    });
    ctx.body = await stationOf(deps);
  });
  return router;
}
