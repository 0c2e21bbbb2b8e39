import type { ClassConstructor } from 'class-transformer';
import { InvalidRequestError } from '../errors/dcr.error';
import { validateDto } from '../validation/validate-dto';
import type { ProblemWording } from '../validation/validation-problems';

/**
 * An admin request's body or query values as its request class, or `invalid_request` with the
 * first problem: the admin API has always named one problem, the first a reader meets (unknown
 * members first, then the members in declaration order).
 * @internal
 */
export function readAdminDto<T extends object>(type: ClassConstructor<T>, plain: Record<string, unknown>, wording: ProblemWording): T {
  return validateDto(type, plain, wording, (problems) => new InvalidRequestError(problems[0]));
}
