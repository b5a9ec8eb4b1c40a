import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export interface ProxyRoute {
  prefix: string;
  target: string;
}
export function proxyRequest(req: IncomingMessage, res: ServerResponse, route: ProxyRoute): void;
export function proxyMiddleware(route: ProxyRoute): (ctx: unknown, next: () => Promise<unknown>) => Promise<unknown>;
export function endToEndHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]>;
export function forwardRequest(
  req: IncomingMessage,
  route: ProxyRoute,
  handlers: {
    onAnswer: (answer: IncomingMessage) => void;
    onError: (error: Error) => void;
    headers?: (h: Record<string, string | string[]>) => Record<string, string | string[]>;
  },
): void;
