import { DataTypes, Model, type Sequelize } from 'sequelize';

export type CustomerKind = 'individual' | 'company';

export class Customer extends Model {
  declare id: string;
  declare kind: CustomerKind;
  declare name: string;
  /** Written by the application from `name` (rules/search-key.ts). */
  declare searchName: string;
  declare email: string | null;
  declare taxId: string | null;
  declare legalAddress: string | null;
  declare notes: string | null;
  declare ownerId: string | null;
  declare consentSmsService: boolean;
  declare consentSmsMarketing: boolean;
  declare consentEmailService: boolean;
  declare consentEmailMarketing: boolean;
  declare consentsUpdatedAt: Date | null;
  declare mergedIntoId: string | null;
  declare mergedAt: Date | null;
  declare createdBy: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class CustomerContact extends Model {
  declare id: string;
  declare customerId: string;
  declare name: string;
  declare searchName: string;
  declare role: string | null;
  declare email: string | null;
  declare notes: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class CustomerPhone extends Model {
  declare id: string;
  declare customerId: string;
  declare contactId: string | null;
  declare e164: string;
  declare label: string | null;
  declare isPrimary: boolean;
  declare createdAt: Date;
}

const id = () => ({ type: DataTypes.UUID, primaryKey: true });
const text = () => ({ type: DataTypes.TEXT });
const ts = (allowNull = false) => ({ type: DataTypes.DATE, allowNull });
const bool = () => ({ type: DataTypes.BOOLEAN, allowNull: false });

export function defineCustomerModels(sequelize: Sequelize): void {
  const base = { sequelize, underscored: true, timestamps: false };
  Customer.init(
    {
      id: id(),
      kind: { type: DataTypes.TEXT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      searchName: { type: DataTypes.TEXT, allowNull: false },
      email: text(),
      taxId: text(),
      legalAddress: text(),
      notes: text(),
      ownerId: { type: DataTypes.UUID },
      consentSmsService: bool(),
      consentSmsMarketing: bool(),
      consentEmailService: bool(),
      consentEmailMarketing: bool(),
      consentsUpdatedAt: ts(true),
      mergedIntoId: { type: DataTypes.UUID },
      mergedAt: ts(true),
      createdBy: { type: DataTypes.UUID },
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'Customer', tableName: 'customers' },
  );
  CustomerContact.init(
    {
      id: id(),
      customerId: { type: DataTypes.UUID, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      searchName: { type: DataTypes.TEXT, allowNull: false },
      role: text(),
      email: text(),
      notes: text(),
      createdAt: ts(),
      updatedAt: ts(),
    },
    { ...base, modelName: 'CustomerContact', tableName: 'customer_contacts' },
  );
  CustomerPhone.init(
    {
      id: id(),
      customerId: { type: DataTypes.UUID, allowNull: false },
      contactId: { type: DataTypes.UUID },
      e164: { type: DataTypes.TEXT, allowNull: false },
      label: text(),
      isPrimary: bool(),
      createdAt: ts(),
    },
    { ...base, modelName: 'CustomerPhone', tableName: 'customer_phones' },
  );
}
