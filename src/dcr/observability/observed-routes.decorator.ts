import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { DCR_OBSERVED_ROUTES, DcrObservationInterceptor, ObservedRoutes } from './dcr-observation.interceptor';

/** Class decorator: metrics and spans for every handler of the controller (`DcrObservationInterceptor`). @internal */
export function DcrObserved(routes: ObservedRoutes): ClassDecorator {
  return applyDecorators(SetMetadata(DCR_OBSERVED_ROUTES, routes), UseInterceptors(DcrObservationInterceptor));
}
