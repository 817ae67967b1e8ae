import type { Context } from 'koa';

export const SESSION_COOKIE = 'pitwall_session';

export function setSessionCookie(ctx: Context, token: string, expiresAt: Date, secure: boolean): void {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: expiresAt,
    overwrite: true,
    path: '/',
  });
}

export function clearSessionCookie(ctx: Context, secure: boolean): void {
  ctx.cookies.set(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: new Date(0),
    overwrite: true,
    path: '/',
  });
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header ?? '');
  return match ? match[1]! : null;
}
