/**
 * Response bodies in end-to-end tests are read loosely: the assertions are the type check, and
 * the api's own response schemas (zod) are what guarantee the shapes.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function readJson(response: Response): Promise<Json> {
  return response.json();
}

export type ApiRequest = RequestInit & { key?: string | null };

/**
 * `fetch` against a test stack's api with JSON content type and an operator key: the stack's
 * admin key unless `key` names another, or is null for a public request. The stack is looked up
 * per call, since suites start it in beforeAll.
 */
export function apiClient(stack: () => { baseUrl: string; adminKey: string }) {
  return (path: string, init: ApiRequest = {}) => {
    const { baseUrl, adminKey } = stack();
    const key = init.key === undefined ? adminKey : init.key;
    return fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...init.headers },
    });
  };
}
