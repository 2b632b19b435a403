/**
 * Types for the parts of @paypal/payouts-sdk (plain JavaScript, no typings) that the PayPal provider uses.
 * Shapes follow the SDK's lib/core and lib/payouts sources and @paypal/paypalhttp's HttpClient.
 */
declare module '@paypal/payouts-sdk' {
  export interface PayPalHttpRequest {
    path: string;
    verb: string;
    body: unknown;
    headers: Record<string, string>;
  }

  export interface PayPalHttpResponse<T = unknown> {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    result?: T;
  }

  /** Rejection of a non-2xx answer: `message` is the response body as text. */
  export interface PayPalHttpError extends Error {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
  }

  export namespace core {
    class PayPalEnvironment {
      constructor(clientId: string, clientSecret: string, baseUrl: string, webUrl: string);
      clientId: string;
      clientSecret: string;
      baseUrl: string;
    }
    class LiveEnvironment extends PayPalEnvironment {
      constructor(clientId: string, clientSecret: string);
    }
    class SandboxEnvironment extends PayPalEnvironment {
      constructor(clientId: string, clientSecret: string);
    }
    class PayPalHttpClient {
      constructor(environment: PayPalEnvironment, refreshToken?: string);
      environment: PayPalEnvironment;
      execute<T = unknown>(request: PayPalHttpRequest): Promise<PayPalHttpResponse<T>>;
      /** Socket idle timeout in milliseconds (the SDK's default is 30 s). */
      getTimeout(): number;
    }
  }

  export namespace payouts {
    class PayoutsPostRequest implements PayPalHttpRequest {
      path: string;
      verb: string;
      body: unknown;
      headers: Record<string, string>;
      requestBody(body: unknown): this;
      payPalRequestId(id: string): this;
    }
    class PayoutsGetRequest implements PayPalHttpRequest {
      constructor(payoutBatchId: string);
      path: string;
      verb: string;
      body: unknown;
      headers: Record<string, string>;
      page(page: number): this;
      pageSize(size: number): this;
      totalRequired(required: boolean): this;
    }
  }
}
