import type { AppDeps } from '../../../deps.ts';
import { stationOf } from '../../station/index.ts';
import type { DocumentData } from '../documents/render.ts';
import type { DocumentKind } from '../../../contracts/workshop.ts';
import type { DocumentLang } from '../documents/dictionary.ts';
import { Vehicle } from '../models/index.ts';
import { getCustomerDto } from './customers.ts';
import { getOrderDto } from './orders.ts';
import { vehicleDto } from './vehicles.ts';

/** Everything printed on a document of an order: the station's details, the order, its customer and car. */
export async function documentData(
  deps: Pick<AppDeps, 'sequelize' | 'config' | 'clock'>,
  orderId: string,
  kind: DocumentKind,
  lang: DocumentLang,
): Promise<DocumentData> {
  const order = await getOrderDto(deps.sequelize, orderId);
  const [station, customer, vehicle] = await Promise.all([
    stationOf(deps),
    getCustomerDto(order.customerId),
    Vehicle.findByPk(order.vehicle.id).then((v) => vehicleDto(v!)),
  ]);
  return { kind, lang, station, order, customer, vehicle, printedAt: deps.clock.now() };
}
