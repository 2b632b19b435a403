import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DomainError, ErrorCode, isLinkSlug, type Env } from '@partnerflow/domain';
import type { FastPath, FastPathContext } from '../../common/http/fast-paths';
import { ENV } from '../../common/tokens';
import { FollowLinkUseCase } from '../use-cases/follow-link.use-case';
import { visitOf, visitQueryOf } from '../visit';
import { clientAddressOf, isHttpsRequest, type TrustProxy } from '../../common/http/client-address';
import { writeError } from '../../common/http/error-response';
import { writeRedirect } from './redirect-response';

const REDIRECT_PREFIX = '/r/';

/**
 * `GET|HEAD /r/<slug>` answered in front of Nest (common/http/fast-paths.ts): the redirect is the
 * api's busiest route. Same use case, same response writer and the same `trust proxy` reading of
 * the visitor's address as RedirectController, which stays as the documented (OpenAPI) route and
 * answers whatever this path passes on.
 */
export const fastRedirectOf = (app: NestExpressApplication, { toExpress, trustProxy }: FastPathContext): FastRedirect =>
  new FastRedirect(app.get(FollowLinkUseCase), app.get<Env>(ENV), toExpress, trustProxy);

export class FastRedirect implements FastPath {
  private readonly logger = new Logger('FastRedirect');
  private readonly httpsBaseUrl: boolean;

  constructor(
    private readonly followLink: FollowLinkUseCase,
    env: Pick<Env, 'PUBLIC_BASE_URL'>,
    private readonly toExpress: RequestListener,
    private readonly trustProxy: () => TrustProxy,
  ) {
    this.httpsBaseUrl = env.PUBLIC_BASE_URL?.startsWith('https:') ?? false;
  }

  /** Takes the request when it is a redirect this path answers; false leaves it to express. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    if (!url.startsWith(REDIRECT_PREFIX) || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    // `/r/<slug>` or `/r/<slug>/` with a plain slug; anything unusual (encoded, nested) is express's to route.
    const slug = path.slice(REDIRECT_PREFIX.length, path.endsWith('/') ? -1 : undefined);
    if (!isLinkSlug(slug)) return false;
    void this.follow(slug, queryAt === -1 ? '' : url.slice(queryAt + 1), request, response);
    return true;
  }

  private async follow(slug: string, query: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const trust = this.trustProxy();
    try {
      const visit = visitOf({ ip: clientAddressOf(request, trust), headers: request.headers, query: visitQueryOf(query) });
      const redirect = await this.followLink.execute(slug, visit);
      writeRedirect(response, redirect, this.httpsBaseUrl || isHttpsRequest(request, trust));
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return writeError(response, 404, error);
      // Anything else (the database down on a cache miss…) goes through Nest, which retries the
      // lookup once and answers and logs the failure as every other route does. Nothing was recorded.
      this.logger.debug(`redirect /r/${slug} handed to express: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) this.toExpress(request, response);
    }
  }
}
