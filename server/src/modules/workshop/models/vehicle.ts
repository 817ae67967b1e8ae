import { DataTypes, Model, type Sequelize } from 'sequelize';

export class Vehicle extends Model {
  declare id: string;
  declare customerId: string | null;
  declare vin: string | null;
  declare plate: string | null;
  declare plateKey: string | null;
  declare make: string | null;
  declare model: string | null;
  declare year: number | null;
  declare engine: string | null;
  declare color: string | null;
  declare notes: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class VehicleOwnership extends Model {
  declare id: string;
  declare vehicleId: string;
  declare customerId: string;
  declare startedAt: Date;
  declare endedAt: Date | null;
}

export class MileageReading extends Model {
  declare id: string;
  declare vehicleId: string;
  declare km: number;
  declare readAt: Date;
  declare source: 'manual' | 'intake' | 'import';
  declare orderId: string | null;
  declare lowerConfirmed: boolean;
  declare recordedBy: string | null;
  declare recordedByName: string | null;
  declare createdAt: Date;
}

const id = () => ({ type: DataTypes.UUID, primaryKey: true });
const text = () => ({ type: DataTypes.TEXT });
const ts = (allowNull = false) => ({ type: DataTypes.DATE, allowNull });

export function defineVehicleModels(sequelize: Sequelize): void {
  const base = { sequelize, underscored: true, timestamps: false };
  Vehicle.init(
    {
      id: id(),
      customerId: { type: DataTypes.UUID },
      vin: text(),
      plate: text(),
      plateKey: text(),
      make: text(),
      model: text(),
      year: { type: DataTypes.SMALLINT },
      engine: text(),
      color: text(),
      notes: text(),
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'Vehicle', tableName: 'vehicles' },
  );
  VehicleOwnership.init(
    {
      id: id(),
      vehicleId: { type: DataTypes.UUID, allowNull: false },
      customerId: { type: DataTypes.UUID, allowNull: false },
      startedAt: ts(),
      endedAt: ts(true),
    },
    { ...base, modelName: 'VehicleOwnership', tableName: 'vehicle_ownerships' },
  );
  MileageReading.init(
    {
      id: id(),
      vehicleId: { type: DataTypes.UUID, allowNull: false },
      km: { type: DataTypes.INTEGER, allowNull: false },
      readAt: ts(),
      source: { type: DataTypes.TEXT, allowNull: false },
      orderId: { type: DataTypes.UUID },
      lowerConfirmed: { type: DataTypes.BOOLEAN, allowNull: false },
      recordedBy: { type: DataTypes.UUID },
      recordedByName: text(),
      createdAt: ts(),
    },
    { ...base, modelName: 'MileageReading', tableName: 'mileage_readings' },
  );
}
