import type { Middleware } from 'koa';
import { forbidden } from '../errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must come from the station's own pages: a browser always sends Origin
 * on a cross-site POST, so a foreign Origin is refused. Together with SameSite=Lax cookies and JSON-only
 * bodies this closes CSRF without tokens. Device tokens and public endpoints are not cookies, so they pass.
 */
export function sameOriginWrites(): Middleware {
  return async (ctx, next) => {
    if (!SAFE.has(ctx.method) && ctx.cookies.get('pitwall_session')) {
      const origin = ctx.get('origin');
      if (origin && origin !== 'null') {
        let host: string | null = null;
        try {
          host = new URL(origin).host;
        } catch {
          host = null;
        }
        if (host !== ctx.host) throw forbidden('Cross-site request refused');
      }
    }
    await next();
  };
}
