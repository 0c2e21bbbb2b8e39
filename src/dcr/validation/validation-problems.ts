import { getMetadataStorage, ValidationError } from './class-validator';

/** How the problems of a validated object are worded. @internal */
export interface ProblemWording {
  /** Name of the validated object itself, for its unknown members (`body`, `attributes`, …). */
  root: string;
  /** The line for a member no rule declares; by default `<object>: unknown member "<name>" (allowed: …)`. */
  unknown?: (object: string, name: string, allowed: readonly string[]) => string;
}

/**
 * class-validator's error tree as the module's problem lines, `<path>: <message>`, in the order
 * the members were declared; one line per member (its first rule that fails; a rule over a list
 * may give one line per entry), unknown members first, as the whitelist sees them. The module's
 * own messages carry no path, so the same rule reads the same wherever it is used.
 * @internal
 */
export function validationProblems(errors: readonly ValidationError[], wording: ProblemWording, parent?: string): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = parent === undefined ? error.property : `${parent}.${error.property}`;
    const constraints = error.constraints ?? {};
    if (constraints.whitelistValidation !== undefined) {
      const object = parent ?? wording.root;
      const allowed = declaredMembers(error.target?.constructor);
      lines.push(wording.unknown ? wording.unknown(object, error.property, allowed) : `${object}: unknown member ${quoted(error.property)} (allowed: ${allowed.join(', ')})`);
      continue;
    }
    const first = Object.values(constraints)[0];
    // A member that is itself wrong (not an object) has no members worth naming.
    if (first !== undefined) lines.push(...first.split('\n').map((line) => memberLine(path, line)));
    else lines.push(...validationProblems(error.children ?? [], wording, path));
  }
  return lines;
}

/**
 * One line of a rule's message: a rule that checks a list or map may report several problems, one
 * a line, and name an entry of the member by starting a line with `[index]` or `.key`.
 */
function memberLine(path: string, line: string): string {
  return line.startsWith('[') || line.startsWith('.') ? `${path}${line}` : `${path}: ${line}`;
}

/** The members a class declares rules for, in declaration order. @internal */
export function declaredMembers(type: Function | undefined): string[] {
  if (type === undefined) return [];
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).map((rule) => rule.propertyName))];
}

/** A client-supplied name, shortened and JSON-quoted for an error description. */
function quoted(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));
}
