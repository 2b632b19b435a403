import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parseEnv } from '@partnerflow/domain';
import { createApp } from '../../app.factory';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { PARTNER_ROUTE } from './partner-session.decorators';

interface Route {
  route: string;
  declares: 'public' | 'roles' | 'partner' | 'nothing';
}

/** Every route of every controller the api mounts, with what it declares about access. */
function listRoutes(app: NestExpressApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as new (...args: never[]) => object;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const segments = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)];
        const path = '/' + segments.filter((segment) => segment && segment !== '/').join('/');
        const isPublic = Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller);
        const roles = Reflect.getMetadata(ALLOWED_ROLES, handler) ?? Reflect.getMetadata(ALLOWED_ROLES, controller);
        const isPartner = Reflect.getMetadata(PARTNER_ROUTE, handler) ?? Reflect.getMetadata(PARTNER_ROUTE, controller);
        routes.push({
          route: `${method} ${path}`,
          declares: isPublic ? 'public' : isPartner ? 'partner' : roles?.length ? 'roles' : 'nothing',
        });
      }
    }
  }
  return routes;
}

/**
 * Access is declared, never defaulted: a route without @Public() or @Roles(...) would fall back to
 * admin-only, which hides the decision from a reviewer. The app is built but never listens, and
 * its clients connect lazily, so no services are needed.
 */
describe('route access declarations', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createApp(parseEnv({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('finds the routes', () => {
    expect(listRoutes(app).map((r) => r.route)).toEqual(
      expect.arrayContaining(['POST /v1/programs/:programId/applications', 'GET /health']),
    );
  });

  it('has every route declare @Public(), @PartnerSession() or the roles it allows', () => {
    expect(listRoutes(app).filter((r) => r.declares === 'nothing')).toEqual([]);
  });

  it('puts nothing but partner-session routes under /v1/me', () => {
    expect(listRoutes(app).filter((r) => /^\w+ \/v1\/me(\/|$)/.test(r.route) && r.declares !== 'partner')).toEqual([]);
  });
});
