/** Shop-floor DTOs: bridges, their bindings and what they sent. */

export interface BridgeBindingDto {
  deviceId: string;
  kind: 'reader' | 'lift_sensor' | 'bay_sensor';
  liftId: string | null;
  entrance: boolean;
  since: string;
}

export interface BridgeReportedStatus {
  fw: string | null;
  readers: Array<{ id: string; ok: boolean }>;
  sensors: Array<{ id: string; kind: string }>;
  bootAt: string | null;
}

export interface BridgeDto {
  id: string;
  name: string;
  location: string | null;
  online: boolean;
  lastSeenAt: string | null;
  connectedAt: string | null;
  lastEventAt: string | null;
  revokedAt: string | null;
  secretRotatedAt: string | null;
  status: BridgeReportedStatus | null;
  bindings: BridgeBindingDto[];
  rejectedLast24h: number;
  createdAt: string;
}

export interface BridgeSecretDto {
  bridgeId: string;
  /** Shown once: the server keeps only its hash. */
  secret: string;
  mqtt: { port: number; clientId: string; username: string };
}

export interface RejectedPayloadDto {
  id: string;
  topic: string;
  payload: string;
  payloadBytes: number;
  reason: string;
  receivedAt: string;
}

export interface ShopfloorEventDto {
  id: string;
  bridgeId: string;
  eventId: number;
  kind: 'badge' | 'lift' | 'bay';
  deviceId: string;
  value: string;
  at: string;
  sentAt: string;
  receivedAt: string;
  correctedAt: string;
}
