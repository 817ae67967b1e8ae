import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { JobState, LineDecision, WaitReason } from '../rules/job-state.ts';
import type { OrderStatus } from '../rules/order-status.ts';

/** bigint columns come back from pg as strings; these getters give numbers (amounts fit in 2^53). */
const money = (field: string) => ({
  type: DataTypes.BIGINT,
  allowNull: false,
  defaultValue: 0,
  get(this: Model) {
    return Number(this.getDataValue(field));
  },
});
const optionalMoney = (field: string) => ({
  type: DataTypes.BIGINT,
  get(this: Model) {
    const v = this.getDataValue(field);
    return v === null || v === undefined ? null : Number(v);
  },
});

export class RepairOrder extends Model {
  declare id: string;
  declare number: string;
  declare customerId: string;
  declare vehicleId: string;
  declare advisorId: string | null;
  declare status: OrderStatus;
  declare mileageKm: number | null;
  declare complaint: string | null;
  declare notes: string | null;
  declare discountBp: number;
  declare taxRateBp: number;
  declare pricesIncludeTax: boolean;
  declare labourMinor: number;
  declare partsMinor: number;
  declare grossMinor: number;
  declare discountMinor: number;
  declare netMinor: number;
  declare taxMinor: number;
  declare totalMinor: number;
  declare paidMinor: number;
  declare creditAllowedAt: Date | null;
  declare creditAllowedBy: string | null;
  declare creditNote: string | null;
  declare cancelReason: string | null;
  declare statusChangedAt: Date;
  declare closedAt: Date | null;
  declare createdBy: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

/** What labour and parts lines share: the customer's decision on a recommendation and the stored totals. */
abstract class OrderLine extends Model {
  declare recommended: boolean;
  declare recommendedBy: string | null;
  declare recommendedByName: string | null;
  declare decision: LineDecision;
  declare decidedAt: Date | null;
  declare decidedBy: string | null;
  declare decidedByName: string | null;
  declare decidedVia: 'phone' | 'in_person' | 'signed' | null;
  declare decisionNote: string | null;
  declare discountBp: number;
  declare grossMinor: number;
  declare discountMinor: number;
  declare netMinor: number;
  declare taxMinor: number;
}

export class OrderJob extends OrderLine {
  declare id: string;
  declare orderId: string;
  declare position: number;
  declare name: string;
  declare jobKind: string | null;
  declare normSeconds: number;
  declare pricing: 'hourly' | 'fixed';
  declare ratePerHourMinor: number | null;
  declare fixedPriceMinor: number | null;
  declare state: JobState;
  declare waitReason: WaitReason | null;
  declare stateChangedAt: Date;
  declare startedAt: Date | null;
  declare completedAt: Date | null;
  declare cannedJobId: string | null;
  declare notes: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class OrderPart extends OrderLine {
  declare id: string;
  declare orderId: string;
  declare position: number;
  declare kind: 'part' | 'consumable';
  declare partId: string | null;
  declare sku: string | null;
  declare name: string;
  declare quantity: string;
  declare unit: string;
  declare unitPriceMinor: number;
  declare jobId: string | null;
  declare cannedJobId: string | null;
  declare notes: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class OrderJobAssignment extends Model {
  declare id: string;
  declare jobId: string;
  declare staffId: string;
  declare assignedAt: Date;
  declare assignedBy: string | null;
  declare assignedByName: string | null;
  declare unassignedAt: Date | null;
  declare unassignedBy: string | null;
  declare unassignedByName: string | null;
}

const id = () => ({ type: DataTypes.UUID, primaryKey: true });
const text = () => ({ type: DataTypes.TEXT });
const ts = (allowNull = false) => ({ type: DataTypes.DATE, allowNull });

const decisionColumns = () => ({
  recommended: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
  recommendedBy: { type: DataTypes.UUID },
  recommendedByName: text(),
  decision: text(),
  decidedAt: ts(true),
  decidedBy: { type: DataTypes.UUID },
  decidedByName: text(),
  decidedVia: text(),
  decisionNote: text(),
  discountBp: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  grossMinor: money('grossMinor'),
  discountMinor: money('discountMinor'),
  netMinor: money('netMinor'),
  taxMinor: money('taxMinor'),
});

export function defineOrderModels(sequelize: Sequelize): void {
  const base = { sequelize, underscored: true, timestamps: false };
  RepairOrder.init(
    {
      id: id(),
      number: { type: DataTypes.TEXT, allowNull: false },
      customerId: { type: DataTypes.UUID, allowNull: false },
      vehicleId: { type: DataTypes.UUID, allowNull: false },
      advisorId: { type: DataTypes.UUID },
      status: { type: DataTypes.TEXT, allowNull: false },
      mileageKm: { type: DataTypes.INTEGER },
      complaint: text(),
      notes: text(),
      discountBp: { type: DataTypes.INTEGER, allowNull: false },
      taxRateBp: { type: DataTypes.INTEGER, allowNull: false },
      pricesIncludeTax: { type: DataTypes.BOOLEAN, allowNull: false },
      labourMinor: money('labourMinor'),
      partsMinor: money('partsMinor'),
      grossMinor: money('grossMinor'),
      discountMinor: money('discountMinor'),
      netMinor: money('netMinor'),
      taxMinor: money('taxMinor'),
      totalMinor: money('totalMinor'),
      paidMinor: money('paidMinor'),
      creditAllowedAt: ts(true),
      creditAllowedBy: { type: DataTypes.UUID },
      creditNote: text(),
      cancelReason: text(),
      statusChangedAt: ts(),
      closedAt: ts(true),
      createdBy: { type: DataTypes.UUID },
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'RepairOrder', tableName: 'repair_orders' },
  );
  OrderJob.init(
    {
      id: id(),
      orderId: { type: DataTypes.UUID, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      jobKind: text(),
      normSeconds: { type: DataTypes.INTEGER, allowNull: false },
      pricing: { type: DataTypes.TEXT, allowNull: false },
      ratePerHourMinor: optionalMoney('ratePerHourMinor'),
      fixedPriceMinor: optionalMoney('fixedPriceMinor'),
      state: { type: DataTypes.TEXT, allowNull: false },
      waitReason: text(),
      stateChangedAt: ts(),
      startedAt: ts(true),
      completedAt: ts(true),
      cannedJobId: { type: DataTypes.UUID },
      notes: text(),
      ...decisionColumns(),
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'OrderJob', tableName: 'order_jobs' },
  );
  OrderPart.init(
    {
      id: id(),
      orderId: { type: DataTypes.UUID, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false },
      partId: { type: DataTypes.UUID },
      sku: text(),
      name: { type: DataTypes.TEXT, allowNull: false },
      quantity: { type: DataTypes.DECIMAL(14, 3), allowNull: false },
      unit: { type: DataTypes.TEXT, allowNull: false },
      unitPriceMinor: money('unitPriceMinor'),
      jobId: { type: DataTypes.UUID },
      cannedJobId: { type: DataTypes.UUID },
      notes: text(),
      ...decisionColumns(),
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'OrderPart', tableName: 'order_parts' },
  );
  OrderJobAssignment.init(
    {
      id: id(),
      jobId: { type: DataTypes.UUID, allowNull: false },
      staffId: { type: DataTypes.UUID, allowNull: false },
      assignedAt: ts(),
      assignedBy: text(),
      assignedByName: text(),
      unassignedAt: ts(true),
      unassignedBy: text(),
      unassignedByName: text(),
    },
    { ...base, modelName: 'OrderJobAssignment', tableName: 'order_job_assignments' },
  );
}
