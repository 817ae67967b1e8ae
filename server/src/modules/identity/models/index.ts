import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { DeviceScope, Locale, RecordScope, Role, StaffPosition } from '../../../contracts/roles.ts';

export class User extends Model {
  declare id: string;
  declare login: string;
  declare displayName: string;
  declare role: Role;
  declare scope: RecordScope;
  declare locale: Locale;
  declare passwordHash: string;
  declare active: boolean;
  declare failedLogins: number;
  declare lockedUntil: Date | null;
  declare lastLoginAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class Session extends Model {
  declare id: string;
  declare userId: string;
  declare tokenHash: Buffer;
  declare createdAt: Date;
  declare lastSeenAt: Date;
  declare expiresAt: Date;
  declare revokedAt: Date | null;
  declare revokedReason: string | null;
  declare ip: string | null;
  declare userAgent: string | null;
}

export class Staff extends Model {
  declare id: string;
  declare fullName: string;
  declare position: StaffPosition;
  declare userId: string | null;
  declare active: boolean;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare badges?: Badge[];
}

export class Badge extends Model {
  declare id: string;
  declare staffId: string;
  declare uid: string;
  declare assignedAt: Date;
  declare assignedBy: string | null;
  declare revokedAt: Date | null;
  declare revokedBy: string | null;
  declare revokedReason: string | null;
}

export class KioskDevice extends Model {
  declare id: string;
  declare name: string;
  declare scope: DeviceScope;
  declare liftId: string | null;
  declare pairingCodeHash: Buffer | null;
  declare pairingExpiresAt: Date | null;
  declare tokenHash: Buffer | null;
  declare pairedAt: Date | null;
  declare lastSeenAt: Date | null;
  declare revokedAt: Date | null;
  declare createdBy: string | null;
  declare createdAt: Date;
}

const id = { type: DataTypes.UUID, primaryKey: true };
const ts = (allowNull = false) => ({ type: DataTypes.DATE, allowNull });

/** Registers the identity models on a Sequelize instance (idempotent per instance). */
export function defineIdentityModels(sequelize: Sequelize): void {
  if (sequelize.models.User) return;
  const base = { sequelize, underscored: true, timestamps: false };
  User.init(
    {
      id,
      login: { type: DataTypes.TEXT, allowNull: false },
      displayName: { type: DataTypes.TEXT, allowNull: false },
      role: { type: DataTypes.TEXT, allowNull: false },
      scope: { type: DataTypes.TEXT, allowNull: false },
      locale: { type: DataTypes.TEXT, allowNull: false },
      passwordHash: { type: DataTypes.TEXT, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      failedLogins: { type: DataTypes.INTEGER, allowNull: false },
      lockedUntil: ts(true),
      lastLoginAt: ts(true),
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'User', tableName: 'users' },
  );
  Session.init(
    {
      id,
      userId: { type: DataTypes.UUID, allowNull: false },
      tokenHash: { type: DataTypes.BLOB, allowNull: false },
      createdAt: ts(),
      lastSeenAt: ts(),
      expiresAt: ts(),
      revokedAt: ts(true),
      revokedReason: { type: DataTypes.TEXT },
      ip: { type: DataTypes.TEXT },
      userAgent: { type: DataTypes.TEXT },
    },
    { ...base, modelName: 'Session', tableName: 'sessions' },
  );
  Staff.init(
    {
      id,
      fullName: { type: DataTypes.TEXT, allowNull: false },
      position: { type: DataTypes.TEXT, allowNull: false },
      userId: { type: DataTypes.UUID },
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'Staff', tableName: 'staff' },
  );
  Badge.init(
    {
      id,
      staffId: { type: DataTypes.UUID, allowNull: false },
      uid: { type: DataTypes.TEXT, allowNull: false },
      assignedAt: ts(),
      assignedBy: { type: DataTypes.UUID },
      revokedAt: ts(true),
      revokedBy: { type: DataTypes.UUID },
      revokedReason: { type: DataTypes.TEXT },
    },
    { ...base, modelName: 'Badge', tableName: 'badges' },
  );
  KioskDevice.init(
    {
      id,
      name: { type: DataTypes.TEXT, allowNull: false },
      scope: { type: DataTypes.TEXT, allowNull: false },
      liftId: { type: DataTypes.UUID },
      pairingCodeHash: { type: DataTypes.BLOB },
      pairingExpiresAt: ts(true),
      tokenHash: { type: DataTypes.BLOB },
      pairedAt: ts(true),
      lastSeenAt: ts(true),
      revokedAt: ts(true),
      createdBy: { type: DataTypes.UUID },
      createdAt: ts(),
    },
    { ...base, modelName: 'KioskDevice', tableName: 'kiosk_devices' },
  );
  Staff.hasMany(Badge, { foreignKey: 'staffId', as: 'badges' });
  Badge.belongsTo(Staff, { foreignKey: 'staffId', as: 'staff' });
}
