/**
 * Response bodies in end-to-end tests are read loosely: the assertions are the type check, and
 * the api's own response schemas (zod) are what guarantee the shapes.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function readJson(response: Response): Promise<Json> {
  return response.json();
}
