// Type-checks a host's use of the published declarations (`skipLibCheck: false`).
import { Injectable } from '@nestjs/common';
import { DcrModule, DcrModuleOptions, IdentityGenerator, MetadataProcessor, ProcessingContext } from 'nestjs-dcr';

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
