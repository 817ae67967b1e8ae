import type { LiftDto } from '$contracts/dto.ts';
import type { Tone } from '../components/StatusPill.svelte';
import { t, type MessageKey } from '../i18n/i18n.svelte.ts';

const KIND_KEYS: Record<string, MessageKey> = {
  two_post: 'lift.kind.two_post',
  four_post: 'lift.kind.four_post',
  scissor: 'lift.kind.scissor',
  alignment: 'lift.kind.alignment',
  pit: 'lift.kind.pit',
  other: 'lift.kind.other',
};

export function liftKindLabel(kind: string): string {
  const key = KIND_KEYS[kind];
  return key ? t(key) : kind;
}

export function liftStatusLabel(status: LiftDto['status']): string {
  return status === 'working' ? t('lift.status.working') : t('lift.status.out_of_order');
}

export function liftStatusTone(status: LiftDto['status']): Tone {
  return status === 'working' ? 'success' : 'danger';
}
