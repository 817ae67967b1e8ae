import {
  BRIDGE_ID_PATTERN,
  MAX_TOPIC_LEVELS,
  SERVER_STATUS_TOPIC,
  TOPIC_ROOT,
} from '../../../contracts/mqtt-topics.ts';

/**
 * The bridge's side of the topic ACL (MQTT.md "Identity and access"): publish only under its own
 * status / events/# / response/#, subscribe only to its own request/# and to the server status.
 */
export function mayPublish(bridgeId: string, topic: string): boolean {
  if (!BRIDGE_ID_PATTERN.test(bridgeId) || topic.includes('+') || topic.includes('#')) return false;
  if (topic.split('/').length > MAX_TOPIC_LEVELS) return false;
  const base = `${TOPIC_ROOT}/bridges/${bridgeId}/`;
  if (!topic.startsWith(base)) return false;
  const rest = topic.slice(base.length);
  return (
    rest === 'status' || /^events\/[a-z0-9_-]{1,32}$/.test(rest) || /^response\/[a-z0-9_-]{1,32}$/.test(rest)
  );
}

export function maySubscribe(bridgeId: string, filter: string): boolean {
  if (!BRIDGE_ID_PATTERN.test(bridgeId)) return false;
  if (filter === SERVER_STATUS_TOPIC) return true;
  const base = `${TOPIC_ROOT}/bridges/${bridgeId}/request/`;
  if (!filter.startsWith(base)) return false;
  const rest = filter.slice(base.length);
  return rest === '#' || rest === '+' || /^[a-z0-9_-]{1,32}$/.test(rest);
}

/** The MQTT credentials rule: clientId and username are the same bridge id. */
export function credentialsShapeOk(clientId: string, username: string | undefined): boolean {
  return username !== undefined && clientId === username && BRIDGE_ID_PATTERN.test(username);
}
