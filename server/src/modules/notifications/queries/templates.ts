import type { ChannelKind, MessageLocale } from '../rules/message-kinds.ts';
import { select, selectOne, type Executor } from '../db.ts';

export interface TemplateRow {
  id: string;
  kind: string;
  channel: ChannelKind;
  locale: MessageLocale;
  subject: string | null;
  body: string;
  updated_at: Date;
  updated_by_name: string | null;
}

/** The template for a kind and channel in the wanted language, else in another one the station has. */
export async function findTemplate(
  ex: Executor,
  kind: string,
  channel: ChannelKind,
  locales: readonly MessageLocale[],
): Promise<TemplateRow | null> {
  const rows = await select<TemplateRow>(
    ex,
    `SELECT * FROM notification_templates WHERE kind = :kind AND channel = :channel`,
    { kind, channel },
  );
  for (const locale of locales) {
    const found = rows.find((r) => r.locale === locale);
    if (found) return found;
  }
  return rows[0] ?? null;
}

export function listTemplates(ex: Executor, filter: { kind?: string; channel?: string; locale?: string }) {
  return select<TemplateRow>(
    ex,
    `SELECT * FROM notification_templates
      WHERE (:kind::text IS NULL OR kind = :kind) AND (:channel::text IS NULL OR channel = :channel)
        AND (:locale::text IS NULL OR locale = :locale)
      ORDER BY kind, channel, locale`,
    { kind: filter.kind ?? null, channel: filter.channel ?? null, locale: filter.locale ?? null },
  );
}

export function getTemplate(ex: Executor, id: string) {
  return selectOne<TemplateRow>(ex, `SELECT * FROM notification_templates WHERE id = :id`, { id });
}
