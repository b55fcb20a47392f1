import type { RouteResolver } from '@loadlab/metrics';

/**
 * Route templates for json-server's generated routes (`/crocodiles`,
 * `/crocodiles/:id`, `/crocodiles/:id/<nested>`, `/db`). Anything else is
 * unmatched, so random URLs cannot create new series.
 */
export function jsonServerRoutes(resources: Iterable<string>): RouteResolver {
  const known = new Set(resources);
  return (req) => {
    const q = req.originalUrl.indexOf('?');
    const parts = (q === -1 ? req.originalUrl : req.originalUrl.slice(0, q))
      .split('/')
      .filter(Boolean);
    const [resource, , nested] = parts;
    if (parts.length === 1 && resource === 'db') return '/db';
    if (resource === undefined || !known.has(resource)) return undefined;
    if (parts.length === 1) return `/${resource}`;
    if (parts.length === 2) return `/${resource}/:id`;
    if (parts.length === 3 && known.has(nested!)) return `/${resource}/:id/${nested}`;
    return undefined;
  };
}
