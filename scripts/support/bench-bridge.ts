import mqtt, { type MqttClient } from 'mqtt';

/** A benchmark's bridge: a real mqtt client with the bridge's credentials, persistent session, no retries. */
export function connectBridge(
  port: number,
  credentials: { id: string; secret: string },
): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: credentials.id,
      username: credentials.id,
      password: credentials.secret,
      clean: false,
      keepalive: 10,
      reconnectPeriod: 0,
    });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}
