import type { Context } from 'koa';
import type { Actor, CommandContext } from '../context.ts';
import { SYSTEM_ACTOR } from '../context.ts';
import { inTransaction, type TransactionDeps } from '../transaction.ts';
import { actorOf } from './auth.ts';

/** Runs a route's command in one transaction as the request's actor (or `fallback` when anonymous). */
export function runCommand<T>(
  deps: TransactionDeps,
  ctx: Context,
  work: (cx: CommandContext) => Promise<T>,
  fallback: Actor = SYSTEM_ACTOR,
): Promise<T> {
  return inTransaction(
    deps,
    actorOf(ctx) ?? fallback,
    work,
    (ctx.state.requestId as string | undefined) ?? null,
  );
}
