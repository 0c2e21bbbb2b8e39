/* eslint-disable @typescript-eslint/no-require-imports */
import type * as ClassValidator from 'class-validator';

/**
 * The parts of `class-validator` the module uses, loaded from their own files. The package's
 * index also loads validator.js and libphonenumber-js for decorators the module never uses: about
 * a quarter of a second at every start. The rule metadata lives in one global store either way,
 * so these decorators and a host's own `class-validator` (its `ValidationPipe`) see the same
 * classes.
 * @internal
 */
const load = <K extends keyof typeof ClassValidator>(file: string, name: K): (typeof ClassValidator)[K] => require(`class-validator/cjs/${file}`)[name];

/** @internal */ export const ValidateBy = load('decorator/common/ValidateBy', 'ValidateBy');
/** @internal */ export const ValidateIf = load('decorator/common/ValidateIf', 'ValidateIf');
/** @internal */ export const ValidateNested = load('decorator/common/ValidateNested', 'ValidateNested');
/** @internal */ export const Allow = load('decorator/common/Allow', 'Allow');
/** @internal */ export const Equals = load('decorator/common/Equals', 'Equals');
/** @internal */ export const IsIn = load('decorator/common/IsIn', 'IsIn');
/** @internal */ export const Matches = load('decorator/string/Matches', 'Matches');
/** @internal */ export const IsOptional = load('decorator/common/IsOptional', 'IsOptional');
/** @internal */ export const IsBoolean = load('decorator/typechecker/IsBoolean', 'IsBoolean');
/** @internal */ export const IsInt = load('decorator/typechecker/IsInt', 'IsInt');
/** @internal */ export const IsString = load('decorator/typechecker/IsString', 'IsString');
/** @internal */ export const Min = load('decorator/number/Min', 'Min');
/** @internal */ export const Max = load('decorator/number/Max', 'Max');
/** @internal */ export const MinLength = load('decorator/string/MinLength', 'MinLength');
/** @internal */ export const getMetadataStorage = load('metadata/MetadataStorage', 'getMetadataStorage');

const Validator: typeof ClassValidator.Validator = require('class-validator/cjs/validation/Validator').Validator;

/** `validateSync` of the package index. @internal */
export function validateSync(object: object, options?: ClassValidator.ValidatorOptions): ClassValidator.ValidationError[] {
  return new Validator().validateSync(object, options);
}

export type { ValidationArguments, ValidationError, ValidationOptions } from 'class-validator';
