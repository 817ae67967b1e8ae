import { DataTypes, Model, type Sequelize } from 'sequelize';

export type LiftKind = 'two_post' | 'four_post' | 'scissor' | 'alignment' | 'pit' | 'other';

export class Lift extends Model {
  declare id: string;
  declare code: string;
  declare name: string;
  declare kind: LiftKind;
  declare status: 'working' | 'out_of_order';
  declare position: number;
  declare jobKinds: string[];
  declare createdAt: Date;
  declare updatedAt: Date;
}

export function defineLiftModel(sequelize: Sequelize): void {
  Lift.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      code: { type: DataTypes.TEXT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      jobKinds: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, modelName: 'Lift', tableName: 'lifts', underscored: true, timestamps: false },
  );
}
