import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ProxyRoute {
  prefix: string;
  target: string;
}
export function proxyRequest(req: IncomingMessage, res: ServerResponse, route: ProxyRoute): void;
export function proxyMiddleware(route: ProxyRoute): (ctx: unknown, next: () => Promise<unknown>) => Promise<unknown>;
