/**
 * MQTT.md: the server corrects a wrong bridge clock with at + (receivedAt − sentAt). The network delay
 * is folded in too; at LAN latencies it is milliseconds and errs towards "later", never the future.
 */
export function correctedTime(at: Date, sentAt: Date, receivedAt: Date): Date {
  return new Date(at.getTime() + (receivedAt.getTime() - sentAt.getTime()));
}
