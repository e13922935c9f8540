export interface GatewayResponse {
  status: number;
  headers: Headers;
  /** The response's content type ('' when none). */
  type: string;
  // Specs assert on whatever JSON came back.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * Calls the gateway the way a client does: a bearer token when given, a JSON body (or a string
 * sent as is with `contentType`, e.g. CSV or deliberately broken JSON), the JSON answer parsed.
 * `baseUrl` is read at call time, so it can be created before the platform is launched.
 */
export function gatewayCaller(baseUrl: () => string) {
  return async (method: string, path: string, token?: string, body?: unknown, contentType = 'application/json'): Promise<GatewayResponse> => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
  };
}
