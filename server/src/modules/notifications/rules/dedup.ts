/**
 * One message of a kind about one subject on one channel: a second "car ready" for the same order
 * finds the first one's key taken. Campaign messages use the campaign and the customer as subject.
 */
export function dedupKey(kind: string, subjectId: string | null, channel: string): string | null {
  return subjectId ? `${kind}:${subjectId}:${channel}` : null;
}
