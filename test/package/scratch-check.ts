// Type-checks a host's use of the published declarations (`skipLibCheck: false`).
import { Injectable } from '@nestjs/common';
import { DcrModule, DcrModuleOptions, IdentityGenerator, MetadataProcessor, ProcessingContext } from 'nestjs-dcr';
import { DcrHttpRequest, FormParameters, readFormBody } from 'nestjs-dcr/http';
import { DCR_SECURITY_SCHEMES } from 'nestjs-dcr/openapi';

@Injectable()
class PrefixedIds extends IdentityGenerator {
  generate(): string {
    return `app-${Date.now()}`;
  }
}

class TenantProcessor extends MetadataProcessor {
  readonly name = 'tenant';
  process(context: ProcessingContext): void {
    context.accept('tenant_id', context.get<string>('tenant_id'));
  }
}

const options: DcrModuleOptions = { secretKey: 'x'.repeat(32), processors: { scope: { allowed: ['[a-z:]+'] } } };
export const dcr = DcrModule.forRoot({ ...options, providers: [{ provide: IdentityGenerator, useClass: PrefixedIds }], extraProcessors: [TenantProcessor] });

/** A host's own token endpoint reads its body with the module's reader. */
export function tokenRequest(request: DcrHttpRequest): Promise<FormParameters> {
  return readFormBody(request, { maxBytes: 8 * 1024 });
}
export const schemes: string[] = Object.values(DCR_SECURITY_SCHEMES);
