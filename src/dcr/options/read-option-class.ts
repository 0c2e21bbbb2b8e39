import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from '../validation/class-validator';
import { declaredMembers, validationProblems } from '../validation/validation-problems';
import type { OptionReader } from './option-reader';

type Json = Record<string, unknown>;
type Entry = readonly [type: ClassConstructor<object>, value: unknown, path: string];
type Instances<E extends readonly Entry[]> = { [K in keyof E]: E[K] extends readonly [ClassConstructor<infer T>, unknown, string] ? T | undefined : never };

/**
 * Option objects as their classes: built with `plainToInstance` (the class's initial values are
 * the defaults), validated by their decorators, every problem added to `read` with its option
 * path, so that `resolveDcrOptions` still throws one error listing them all. Unknown keys are
 * refused (the whitelist is the class's declared members), for all the objects first, then their
 * values: the order in which the options were always reported. A member with a problem reads as
 * its default, so later rules (cross-checks, the resolved options) see a sane value and each
 * mistake is reported once. An absent object gives `undefined`; `{}` gives the defaults.
 * @internal
 */
export function readOptionClasses<E extends readonly Entry[]>(read: OptionReader, entries: E): Instances<E> {
  const shapes = entries.map(([type, value, path]) => read.object(value, path, declaredMembers(type)));
  return entries.map(([type, , path], index) => shapes[index] && instanceOf(read, type, shapes[index], path)) as Instances<E>;
}

/** `readOptionClasses` for one object. @internal */
export function readOptionClass<T extends object>(read: OptionReader, type: ClassConstructor<T>, value: unknown, path: string): T | undefined {
  return readOptionClasses(read, [[type, value, path]] as const)[0] as T | undefined;
}

function instanceOf<T extends object>(read: OptionReader, type: ClassConstructor<T>, shape: Json, path: string): T {
  const known = declaredMembers(type);
  // Unknown keys are reported already; an explicit `undefined` is an absent option, as everywhere.
  const given = Object.fromEntries(Object.entries(shape).filter(([key, member]) => known.includes(key) && member !== undefined));
  const options = plainToInstance(type, given);
  const errors = validateSync(options, { stopAtFirstError: true });
  read.problems.push(...validationProblems(errors, { root: path }, path));
  const defaults = new type() as Json;
  for (const error of errors) (options as Json)[error.property] = defaults[error.property];
  REFUSED.set(options, new Set(errors.map((error) => error.property)));
  return options;
}

const REFUSED = new WeakMap<object, ReadonlySet<string>>();

/** Whether `member` of an object `readOptionClass` read was refused (and reads as its default). @internal */
export function wasRefused(options: object, member: string): boolean {
  return REFUSED.get(options)?.has(member) ?? false;
}

/** A member of an option object that may be anything (its class reports what is wrong with it). @internal */
export function member(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Json)[key] : undefined;
}
