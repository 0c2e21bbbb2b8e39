import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

const MAX_LENGTH = 255;

/**
 * `software_id` and `software_version`, checked as a pair (reference product): when mandatory,
 * both must be present and valid; otherwise an invalid one drops both.
 * @publicApi
 */
export abstract class SoftwareProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class PatternSoftwareProcessor extends SoftwareProcessor {
  readonly name = 'software';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.software !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const options = ctx.server.processors.software!;
    const fields = [
      { field: 'software_id', pattern: options.allowedIds, value: ctx.get<string>('software_id') },
      { field: 'software_version', pattern: options.allowedVersions, value: ctx.get<string>('software_version') },
    ];
    for (const { field, value } of fields) {
      if (value === undefined && options.mandatory) ctx.reject(field, 'required');
    }
    const invalid = fields.find(({ pattern, value }) => value !== undefined && (value.length > MAX_LENGTH || !pattern.matchesWhole(value)));
    if (invalid) {
      const reason = `${invalid.field} does not match ${invalid.pattern.source}; software_id and software_version are dropped together`;
      if (options.mandatory || options.strict) ctx.reject(invalid.field, reason);
      for (const { field, value } of fields) if (value !== undefined) ctx.filter(field, reason);
      return;
    }
    for (const { field, value } of fields) if (value !== undefined) ctx.accept(field, value);
  }
}
