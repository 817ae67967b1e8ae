import { DataTypes, Model, type Sequelize } from 'sequelize';

export class CannedJob extends Model {
  declare id: string;
  declare name: string;
  declare description: string | null;
  declare active: boolean;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare lines?: CannedJobLine[];
}

export class CannedJobLine extends Model {
  declare id: string;
  declare cannedJobId: string;
  declare position: number;
  declare lineType: 'job' | 'part' | 'consumable';
  declare name: string;
  declare jobKind: string | null;
  declare normSeconds: number | null;
  declare pricing: 'hourly' | 'fixed' | null;
  declare ratePerHourMinor: number | null;
  declare fixedPriceMinor: number | null;
  declare partId: string | null;
  declare sku: string | null;
  declare quantity: string | null;
  declare unit: string | null;
  declare unitPriceMinor: number | null;
}

const optionalMoney = (field: string) => ({
  type: DataTypes.BIGINT,
  get(this: Model) {
    const v = this.getDataValue(field);
    return v === null || v === undefined ? null : Number(v);
  },
});

export function defineCannedJobModels(sequelize: Sequelize): void {
  const base = { sequelize, underscored: true, timestamps: false };
  CannedJob.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      name: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT },
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { ...base, modelName: 'CannedJob', tableName: 'canned_jobs' },
  );
  CannedJobLine.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      cannedJobId: { type: DataTypes.UUID, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      lineType: { type: DataTypes.TEXT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      jobKind: { type: DataTypes.TEXT },
      normSeconds: { type: DataTypes.INTEGER },
      pricing: { type: DataTypes.TEXT },
      ratePerHourMinor: optionalMoney('ratePerHourMinor'),
      fixedPriceMinor: optionalMoney('fixedPriceMinor'),
      partId: { type: DataTypes.UUID },
      sku: { type: DataTypes.TEXT },
      quantity: { type: DataTypes.DECIMAL(14, 3) },
      unit: { type: DataTypes.TEXT },
      unitPriceMinor: optionalMoney('unitPriceMinor'),
    },
    { ...base, modelName: 'CannedJobLine', tableName: 'canned_job_lines' },
  );
  CannedJob.hasMany(CannedJobLine, { foreignKey: 'cannedJobId', as: 'lines' });
}
