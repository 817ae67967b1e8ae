import { DataTypes, Model, type Sequelize } from 'sequelize';
import type {
  LocationKind,
  PartNumberKind,
  PartUnit,
  PurchaseOrderStatus,
} from '../../../contracts/warehouse.ts';

/** bigint and numeric columns come back from pg as strings; presenters convert them. */
type Numeric = string;

export class Part extends Model {
  declare id: string;
  declare sku: string;
  declare skuNorm: string;
  declare name: string;
  declare brand: string | null;
  declare unit: PartUnit;
  declare salePrice: Numeric;
  declare cost: Numeric;
  declare barcode: string | null;
  declare defaultSupplierId: string | null;
  declare note: string | null;
  declare active: boolean;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare numbers?: PartNumber[];
}

export class PartNumber extends Model {
  declare id: string;
  declare partId: string;
  declare kind: PartNumberKind;
  declare brand: string | null;
  declare number: string;
  declare numberNorm: string;
}

export class CrossReference extends Model {
  declare id: string;
  declare brandA: string | null;
  declare numberA: string;
  declare normA: string;
  declare brandB: string | null;
  declare numberB: string;
  declare normB: string;
  declare source: string | null;
  declare createdAt: Date;
}

export class Supplier extends Model {
  declare id: string;
  declare name: string;
  declare contactName: string | null;
  declare phone: string | null;
  declare email: string | null;
  declare note: string | null;
  declare leadTimeDays: number | null;
  declare active: boolean;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class StockLocation extends Model {
  declare id: string;
  declare code: string;
  declare name: string;
  declare kind: LocationKind;
  declare parentId: string | null;
  declare isDefault: boolean;
  declare active: boolean;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class PurchaseOrder extends Model {
  declare id: string;
  declare number: string;
  declare supplierId: string;
  declare locationId: string;
  declare status: PurchaseOrderStatus;
  declare note: string | null;
  declare sentAt: Date | null;
  declare receivedAt: Date | null;
  declare cancelledAt: Date | null;
  declare cancelReason: string | null;
  declare createdBy: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare lines?: PurchaseOrderLine[];
}

export class PurchaseOrderLine extends Model {
  declare id: string;
  declare purchaseOrderId: string;
  declare position: number;
  declare partId: string;
  declare quantity: Numeric;
  declare unitCost: Numeric;
  declare receivedQuantity: Numeric;
}

export class Stocktake extends Model {
  declare id: string;
  declare number: string;
  declare locationId: string;
  declare status: 'open' | 'posted' | 'cancelled';
  declare note: string | null;
  declare createdBy: string | null;
  declare createdAt: Date;
  declare postedAt: Date | null;
  declare postedBy: string | null;
  declare cancelledAt: Date | null;
}

export class ImportJob extends Model {
  declare id: string;
  declare kind: 'catalogue' | 'stock';
  declare format: 'csv' | 'xlsx';
  declare fileName: string;
  declare filePath: string;
  declare fileSize: Numeric;
  declare status: 'uploaded' | 'validating' | 'writing' | 'completed' | 'rejected' | 'failed';
  declare mapping: Record<string, string> | null;
  declare options: Record<string, unknown> | null;
  declare bytesRead: Numeric;
  declare rowsRead: number;
  declare rowsTotal: number | null;
  declare rowsWritten: number;
  declare errorCount: number;
  declare errors: Array<{ row: number; column: string | null; message: string }>;
  declare summary: Record<string, number> | null;
  declare message: string | null;
  declare createdBy: string | null;
  declare createdAt: Date;
  declare startedAt: Date | null;
  declare heartbeatAt: Date | null;
  declare finishedAt: Date | null;
}

// Fresh objects per attribute: Sequelize writes the column name into the definition it is given.
const id = () => ({ type: DataTypes.UUID, primaryKey: true });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const ts = (allowNull = false) => ({ type: DataTypes.DATE, allowNull });
const numeric = () => ({ type: DataTypes.DECIMAL(14, 3), allowNull: false });
const money = () => ({ type: DataTypes.BIGINT, allowNull: false });

/** Registers the warehouse models on a Sequelize instance (idempotent per instance). */
export function defineWarehouseModels(sequelize: Sequelize): void {
  if (sequelize.models.Part) return;
  const base = { sequelize, underscored: true, timestamps: false };
  Part.init(
    {
      id: id(),
      sku: text(false),
      skuNorm: text(false),
      name: text(false),
      brand: text(),
      unit: text(false),
      salePrice: money(),
      cost: money(),
      barcode: text(),
      defaultSupplierId: { type: DataTypes.UUID },
      note: text(),
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'Part', tableName: 'parts' },
  );
  PartNumber.init(
    {
      id: id(),
      partId: { type: DataTypes.UUID, allowNull: false },
      kind: text(false),
      brand: text(),
      number: text(false),
      numberNorm: text(false),
    },
    { ...base, modelName: 'PartNumber', tableName: 'part_numbers' },
  );
  CrossReference.init(
    {
      id: id(),
      brandA: text(),
      numberA: text(false),
      normA: text(false),
      brandB: text(),
      numberB: text(false),
      normB: text(false),
      source: text(),
      createdAt: ts(),
    },
    { ...base, modelName: 'CrossReference', tableName: 'cross_references' },
  );
  Supplier.init(
    {
      id: id(),
      name: text(false),
      contactName: text(),
      phone: text(),
      email: text(),
      note: text(),
      leadTimeDays: { type: DataTypes.INTEGER },
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'Supplier', tableName: 'suppliers' },
  );
  StockLocation.init(
    {
      id: id(),
      code: text(false),
      name: text(false),
      kind: text(false),
      parentId: { type: DataTypes.UUID },
      isDefault: { type: DataTypes.BOOLEAN, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'StockLocation', tableName: 'stock_locations' },
  );
  PurchaseOrder.init(
    {
      id: id(),
      number: text(false),
      supplierId: { type: DataTypes.UUID, allowNull: false },
      locationId: { type: DataTypes.UUID, allowNull: false },
      status: text(false),
      note: text(),
      sentAt: ts(true),
      receivedAt: ts(true),
      cancelledAt: ts(true),
      cancelReason: text(),
      createdBy: text(),
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'PurchaseOrder', tableName: 'purchase_orders' },
  );
  PurchaseOrderLine.init(
    {
      id: id(),
      purchaseOrderId: { type: DataTypes.UUID, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      partId: { type: DataTypes.UUID, allowNull: false },
      quantity: numeric(),
      unitCost: money(),
      receivedQuantity: numeric(),
    },
    { ...base, modelName: 'PurchaseOrderLine', tableName: 'purchase_order_lines' },
  );
  Stocktake.init(
    {
      id: id(),
      number: text(false),
      locationId: { type: DataTypes.UUID, allowNull: false },
      status: text(false),
      note: text(),
      createdBy: text(),
      createdAt: ts(),
      postedAt: ts(true),
      postedBy: text(),
      cancelledAt: ts(true),
    },
    { ...base, modelName: 'Stocktake', tableName: 'stocktakes' },
  );
  ImportJob.init(
    {
      id: id(),
      kind: text(false),
      format: text(false),
      fileName: text(false),
      filePath: text(false),
      fileSize: money(),
      status: text(false),
      mapping: { type: DataTypes.JSONB },
      options: { type: DataTypes.JSONB },
      bytesRead: money(),
      rowsRead: { type: DataTypes.INTEGER, allowNull: false },
      rowsTotal: { type: DataTypes.INTEGER },
      rowsWritten: { type: DataTypes.INTEGER, allowNull: false },
      errorCount: { type: DataTypes.INTEGER, allowNull: false },
      errors: { type: DataTypes.JSONB, allowNull: false },
      summary: { type: DataTypes.JSONB },
      message: text(),
      createdBy: text(),
      createdAt: ts(),
      startedAt: ts(true),
      heartbeatAt: ts(true),
      finishedAt: ts(true),
    },
    { ...base, modelName: 'ImportJob', tableName: 'import_jobs' },
  );
  Part.hasMany(PartNumber, { foreignKey: 'partId', as: 'numbers' });
  PurchaseOrder.hasMany(PurchaseOrderLine, { foreignKey: 'purchaseOrderId', as: 'lines' });
}
