/** The topic map of the shop-floor MQTT contract v1 (shared/design/MQTT.md). Imported by server and bridge. */
export const TOPIC_ROOT = 'pitwall/v1';
export const SERVER_STATUS_TOPIC = `${TOPIC_ROOT}/server/status`;
export const BRIDGE_ID_PATTERN = /^[a-z0-9-]{1,32}$/;
/** The deepest topic the contract uses is pitwall/v1/bridges/<id>/request/<name>: 6 levels. */
export const MAX_TOPIC_LEVELS = 8;
export const MAX_PAYLOAD_BYTES = 16 * 1024;

export const bridgeTopics = (bridgeId: string) => {
  const base = `${TOPIC_ROOT}/bridges/${bridgeId}`;
  return {
    base,
    status: `${base}/status`,
    events: (kind: 'badge' | 'lift' | 'bay') => `${base}/events/${kind}`,
    eventsWildcard: `${base}/events/#`,
    request: (name: string) => `${base}/request/${name}`,
    requestWildcard: `${base}/request/#`,
    response: (name: string) => `${base}/response/${name}`,
  };
};

export type ParsedBridgeTopic =
  | { bridgeId: string; kind: 'status' }
  | { bridgeId: string; kind: 'event'; event: string }
  | { bridgeId: string; kind: 'response'; name: string }
  | { bridgeId: string; kind: 'request'; name: string };

/** Splits a bridge topic into its parts, or null when it is not one of the contract's shapes. */
export function parseBridgeTopic(topic: string): ParsedBridgeTopic | null {
  const parts = topic.split('/');
  if (parts.length < 5 || parts[0] !== 'pitwall' || parts[1] !== 'v1' || parts[2] !== 'bridges') return null;
  const bridgeId = parts[3]!;
  if (!BRIDGE_ID_PATTERN.test(bridgeId)) return null;
  const section = parts[4];
  if (section === 'status' && parts.length === 5) return { bridgeId, kind: 'status' };
  if (parts.length !== 6 || !parts[5]) return null;
  if (section === 'events') return { bridgeId, kind: 'event', event: parts[5] };
  if (section === 'response') return { bridgeId, kind: 'response', name: parts[5] };
  if (section === 'request') return { bridgeId, kind: 'request', name: parts[5] };
  return null;
}
