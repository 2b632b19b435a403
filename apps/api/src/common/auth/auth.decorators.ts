import { SetMetadata } from '@nestjs/common';
import type { OperatorRole } from '@partnerflow/db';

export const PUBLIC_ROUTE = 'partnerflow:public';
export const ALLOWED_ROLES = 'partnerflow:roles';

/** No credentials needed (the application form, /health, redirects, postbacks). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Operator roles allowed on this route; admin is always allowed. */
export const Roles = (...roles: OperatorRole[]) => SetMetadata(ALLOWED_ROLES, roles);

/** Every read endpoint an operator may see, viewers included. */
export const ALL_OPERATOR_ROLES: OperatorRole[] = ['admin', 'manager', 'finance', 'compliance', 'viewer'];
