import type { LiftDto } from '../../contracts/dto.ts';
import type { Lift } from './models/lift.ts';

export function presentLift(lift: Lift): LiftDto {
  return {
    id: lift.id,
    code: lift.code,
    name: lift.name,
    kind: lift.kind,
    status: lift.status,
    position: lift.position,
    jobKinds: lift.jobKinds ?? [],
  };
}
