import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { PARTNER_ROUTE } from '../../apps/api/src/common/auth/partner-session.decorators';

export interface MountedRoute {
  method: string;
  path: string;
  /** Declared @PartnerSession(): a partner's own route. */
  partner: boolean;
}

/** Every route of every controller the app mounts (as Nest registers them), with its access kind. */
export function mountedRoutes(app: INestApplication): MountedRoute[] {
  const routes: MountedRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as new (...args: never[]) => object;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const segments = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)] as (string | undefined)[];
        routes.push({
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number],
          path: '/' + segments.filter((segment) => segment && segment !== '/').map((segment) => segment!.replace(/^\/+|\/+$/g, '')).join('/'),
          partner: Boolean(Reflect.getMetadata(PARTNER_ROUTE, handler) ?? Reflect.getMetadata(PARTNER_ROUTE, controller)),
        });
      }
    }
  }
  return routes;
}
