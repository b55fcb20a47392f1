/**
 * Route resolvers turn a request into its route template, never the raw URL,
 * so the route label's cardinality stays bounded.
 */
import type { Request, Response } from 'express';

export type RouteResolver = (req: Request, res: Response) => string | undefined;

/** Express's matched route (`req.baseUrl` + `req.route.path`), if a route handler matched. */
export const expressRouteTemplate: RouteResolver = (req) => {
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : undefined;
};

/** Tries each resolver in turn; the first template found wins. */
export function firstRoute(...resolvers: readonly RouteResolver[]): RouteResolver {
  return (req, res) => {
    for (const resolve of resolvers) {
      const route = resolve(req, res);
      if (route !== undefined) return route;
    }
    return undefined;
  };
}
