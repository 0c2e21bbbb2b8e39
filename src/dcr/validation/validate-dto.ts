import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from './class-validator';
import { declaredMembers, ProblemWording, validationProblems } from './validation-problems';

/**
 * Keys class-transformer skips without a word (they would reach the prototype): refused here as
 * unknown members, so that none passes silently.
 */
const SKIPPED_KEYS = ['__proto__', 'constructor'];

/**
 * Plain data (a parsed JSON body, query values) as an instance of a request class, validated by
 * its decorators with `whitelist` + `forbidNonWhitelisted`: an unknown member is refused, never
 * dropped. The module validates its own routes with it, so a host needs no global
 * `ValidationPipe`, and one it has does not change the module's answers. `error` turns the
 * problem lines into the route's error (the admin API answers the first, as it always has).
 * @internal
 */
export function validateDto<T extends object>(type: ClassConstructor<T>, plain: Record<string, unknown>, wording: ProblemWording, error: (problems: string[]) => Error): T {
  const skipped = Object.keys(plain).find((key) => SKIPPED_KEYS.includes(key));
  if (skipped !== undefined) {
    const allowed = declaredMembers(type);
    throw error([wording.unknown ? wording.unknown(wording.root, skipped, allowed) : `${wording.root}: unknown member ${JSON.stringify(skipped)} (allowed: ${allowed.join(', ')})`]);
  }
  const instance = plainToInstance(type, plain);
  const problems = validationProblems(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }), wording);
  if (problems.length) throw error(problems);
  return instance;
}
