/** The host guard given with the `adminGuard` extra, or null. @internal */
export const DCR_ADMIN_HOST_GUARD = 'DCR:ADMIN_HOST_GUARD';
/** Where `AdminAuthGuard` leaves the authenticated admin on the request. @internal */
export const DCR_ADMIN_ACTOR = Symbol('dcr.adminActor');
