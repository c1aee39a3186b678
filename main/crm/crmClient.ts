import type { z } from 'zod';

/**
 * The desktop's HTTP client of the CRM API: bearer token, a timeout on every request, and every
 * response body checked against its schema before anything else sees it. A failure is classified
 * so the sync engine knows whether to retry (network, timeout, 5xx, 429, a body that is not what
 * the contract says), to give up on the item (4xx) or to show a conflict (409).
 */
export type CrmFailureKind =
  'unauthorized' | 'unreachable' | 'timeout' | 'server' | 'malformed' | 'rejected' | 'conflict';

export class CrmError extends Error {
  constructor(
    readonly kind: CrmFailureKind,
    message: string,
    readonly status: number | null = null,
    /** For 409: the body the CRM sent (its current version), unvalidated. */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'CrmError';
  }

  /** Worth trying again later with the same idempotency key. */
  get retryable(): boolean {
    return (
      this.kind === 'unauthorized' ||
      this.kind === 'unreachable' ||
      this.kind === 'timeout' ||
      this.kind === 'server' ||
      this.kind === 'malformed'
    );
  }
}

export interface CrmClientOptions {
  baseUrl: string;
  /** Read at each request, so a token changed in settings applies at once. */
  token: () => string | null;
  timeoutMs?: number;
}

export interface CrmRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  body?: unknown;
  idempotencyKey?: string;
  ifMatch?: string;
  /**
   * Another token than the signed-in agent's: a write queued by an agent who has signed out
   * since goes out under their own name.
   */
  token?: string;
  response: S;
}

export interface CrmClient {
  request<S extends z.ZodType>(request: CrmRequest<S>): Promise<z.output<S>>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function createCrmClient(options: CrmClientOptions): CrmClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async request({ method, path, body, idempotencyKey, ifMatch, token: author, response }) {
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = author ?? options.token();
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      if (ifMatch) headers['if-match'] = ifMatch;
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        throw name === 'TimeoutError'
          ? new CrmError('timeout', `${method} ${path}: no answer in time`)
          : new CrmError('unreachable', `${method} ${path}: the CRM cannot be reached`);
      }
      let text: string;
      try {
        text = await res.text();
      } catch {
        // The connection dropped mid-body (e.g. after the CRM committed): the outcome is unknown.
        throw new CrmError('unreachable', `${method} ${path}: the answer was cut off`, res.status);
      }
      let json: unknown = null;
      try {
        json = text === '' ? null : (JSON.parse(text) as unknown);
      } catch {
        if (res.ok)
          throw new CrmError('malformed', `${method} ${path}: the answer is not JSON`, res.status);
      }
      // A missing or expired token is the desktop's set-up, never the write's fault: retry later.
      if (res.status === 401 || res.status === 403) {
        throw new CrmError(
          'unauthorized',
          `${method} ${path}: the CRM token was refused`,
          res.status,
        );
      }
      if (res.status === 409)
        throw new CrmError('conflict', `${method} ${path}: conflict`, 409, json);
      if (res.status >= 500 || res.status === 429) {
        throw new CrmError('server', `${method} ${path}: CRM error ${res.status}`, res.status);
      }
      if (!res.ok)
        throw new CrmError(
          'rejected',
          `${method} ${path}: refused with ${res.status}`,
          res.status,
          json,
        );
      const parsed = response.safeParse(json);
      if (!parsed.success) {
        throw new CrmError(
          'malformed',
          `${method} ${path}: the answer breaks the contract`,
          res.status,
        );
      }
      return parsed.data;
    },
  };
}
