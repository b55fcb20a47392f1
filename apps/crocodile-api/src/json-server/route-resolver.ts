import { UNMATCHED_ROUTE, type RouteResolver } from '@loadlab/metrics';

/**
 * Route templates for json-server's generated routes (`/crocodiles`,
 * `/crocodiles/:id`, `/crocodiles/:id/<nested>`, `/db`). Anything else is
 * unmatched, so random URLs cannot create new series.
 */
export function jsonServerRoutes(resources: Iterable<string>): RouteResolver {
  // Express (and so json-server) matches paths case-insensitively: /CROCODILES is the list.
  const known = new Map([...resources].map((r) => [r.toLowerCase(), r]));
  return (req) => {
    const q = req.originalUrl.indexOf('?');
    const parts = (q === -1 ? req.originalUrl : req.originalUrl.slice(0, q))
      .split('/')
      .filter(Boolean);
    const [first, , third] = parts.map((p) => p.toLowerCase());
    if (parts.length === 1 && first === 'db') return '/db';
    const resource = first === undefined ? undefined : known.get(first);
    if (resource === undefined) return undefined;
    if (parts.length === 1) return `/${resource}`;
    if (parts.length === 2) return `/${resource}/:id`;
    const nested = known.get(third!);
    if (parts.length === 3 && nested) return `/${resource}/:id/${nested}`;
    // Under a resource but no json-server route: never json-server's inner templates.
    return UNMATCHED_ROUTE;
  };
}
