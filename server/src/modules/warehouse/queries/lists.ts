import { notFound } from '../../../platform/errors.ts';
import { StockLocation, Supplier } from '../models/index.ts';
import { presentLocation, presentSupplier } from '../warehouse.presenter.ts';
import type { LocationDto, SupplierDto } from '../../../contracts/warehouse.ts';

export async function listLocations(): Promise<LocationDto[]> {
  const rows = await StockLocation.findAll({
    order: [
      ['isDefault', 'DESC'],
      ['code', 'ASC'],
    ],
  });
  return rows.map(presentLocation);
}

export async function getLocation(id: string): Promise<LocationDto> {
  const row = await StockLocation.findByPk(id);
  if (!row) throw notFound('Stock location');
  return presentLocation(row);
}

export async function listSuppliers(): Promise<SupplierDto[]> {
  const rows = await Supplier.findAll({ order: [['name', 'ASC']] });
  return rows.map(presentSupplier);
}

export async function getSupplier(id: string): Promise<SupplierDto> {
  const row = await Supplier.findByPk(id);
  if (!row) throw notFound('Supplier');
  return presentSupplier(row);
}
