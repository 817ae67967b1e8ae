export * from './roles.ts';
export * from './errors.ts';
export * from './dto.ts';
export * from './realtime.ts';
export * from './shopfloor.ts';
export * from './workshop.ts';
export * from './warehouse.ts';
export * from './notifications.ts';
