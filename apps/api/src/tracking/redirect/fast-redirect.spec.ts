import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { FollowLinkUseCase, Redirect, Visit } from '../use-cases/follow-link.use-case';
import { FastRedirect } from './fast-redirect';

const REDIRECT: Redirect = {
  location: 'https://example.com/?pf_click=clk_1',
  clickId: 'clk_1',
  cookies: [
    { name: 'pf_click', value: 'clk_1', maxAgeSeconds: 60 },
    { name: 'pf_click_v', value: 'vis_1', maxAgeSeconds: 60 },
  ],
};

/** The fast path in front of a stand-in for express, over real HTTP. */
describe('FastRedirect', () => {
  let server: Server;
  let baseUrl: string;
  let followed: { slug: string; visit: Visit }[];
  let toExpress: string[];
  let outcome: () => Promise<Redirect>;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const followLink = {
      execute: (slug: string, visit: Visit) => {
        followed.push({ slug, visit });
        return outcome();
      },
    } as unknown as FollowLinkUseCase;
    const express = (request: IncomingMessage, response: ServerResponse) => {
      toExpress.push(`${request.method} ${request.url}`);
      response.writeHead(299).end('express');
    };
    const fast = new FastRedirect(followLink, { PUBLIC_BASE_URL: undefined }, express, () => (_address, hop) => hop < 1);
    server = createServer((request, response) => {
      if (!fast.handle(request, response)) express(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    followed = [];
    toExpress = [];
    outcome = async () => REDIRECT;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (path: string, init: RequestInit = {}) => fetch(`${baseUrl}${path}`, { redirect: 'manual', ...init });

  it('answers GET and HEAD /r/<slug> itself: 302, both cookies, no caching', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await get('/r/AbCd1234?sub1=x&sub2=y&sub2=z', {
        method,
        headers: { 'user-agent': 'Mozilla/5.0', cookie: 'pf_click_v=vis_1', 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https' },
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(REDIRECT.location);
      expect(response.headers.getSetCookie()).toEqual([
        'pf_click=clk_1; Max-Age=60; Path=/; HttpOnly; SameSite=Lax; Secure',
        'pf_click_v=vis_1; Max-Age=60; Path=/; HttpOnly; SameSite=Lax; Secure',
      ]);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer-when-downgrade');
    }
    expect(followed.map(({ slug }) => slug)).toEqual(['AbCd1234', 'AbCd1234']);
    expect(followed[0].visit).toMatchObject({
      ip: '198.51.100.1',
      userAgent: 'Mozilla/5.0',
      subIds: { sub1: 'x', sub2: 'y' },
      cookieHeader: 'pf_click_v=vis_1',
    });
    expect(toExpress).toEqual([]);
  });

  it("answers an unknown slug with the api's 404 error body", async () => {
    outcome = async () => {
      throw new DomainError(ErrorCode.NOT_FOUND, 'there is no link /r/Zz9Zz9Zz');
    };
    const response = await get('/r/Zz9Zz9Zz/');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'there is no link /r/Zz9Zz9Zz', details: [] } });
  });

  it('passes every other request to express, and a redirect it cannot finish', async () => {
    for (const path of ['/health', '/r/not.a.slug', '/r/AbCd%31234', '/r/AbCd1234/more', '/R/AbCd1234', '/redirect']) {
      expect((await get(path)).status).toBe(299);
    }
    expect((await get('/r/AbCd1234', { method: 'POST' })).status).toBe(299);
    outcome = async () => {
      throw new Error('database unavailable');
    };
    expect((await get('/r/AbCd1234')).status).toBe(299);
    expect(toExpress).toEqual([
      'GET /health',
      'GET /r/not.a.slug',
      'GET /r/AbCd%31234',
      'GET /r/AbCd1234/more',
      'GET /R/AbCd1234',
      'GET /redirect',
      'POST /r/AbCd1234',
      'GET /r/AbCd1234',
    ]);
  });
});
