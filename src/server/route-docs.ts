import type { z } from 'zod';

/**
 * What the OpenAPI document says of one route. Every route group exports its routes' docs next to their
 * handlers; a test proves that every route the app serves has one, so the document cannot fall behind.
 */
export type RouteDoc = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under `/api`, in the router's form: `/projects/:id/keys`. */
  path: string;
  summary: string;
  /** `user`: `Authorization: Bearer <access token>`; `key`: `X-API-Key: mcps_...`. */
  auth: 'none' | 'user' | 'key';
  /** The least role a member needs (routes with `auth: 'user'`); absent: any member. */
  role?: 'owner' | 'admin' | 'member' | 'viewer';
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Status code to what it means: `{200: 'the project'}`. */
  responses: Record<number, string>;
};
