/** An answer of the server that is not a success: its status and OAuth error body. @internal */
export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly error: string | undefined,
    description: string,
  ) {
    super(description);
  }
}

/** The server could not be reached. @internal */
export class Unreachable extends Error {}

/** JSON over HTTP to the module's endpoints, with a bearer token. @internal */
export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  async call(method: string, path: string, body?: unknown, bearer = this.token): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(path, `${this.baseUrl.replace(/\/+$/, '')}/`), {
        method,
        headers: {
          accept: 'application/json',
          ...(bearer && { authorization: `Bearer ${bearer}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new Unreachable(`${this.baseUrl}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    }
    const text = await response.text();
    const json = text ? parseJson(text) : undefined;
    if (!response.ok) {
      const failure = (json ?? {}) as { error?: string; error_description?: string };
      throw new RequestFailed(response.status, failure.error, failure.error_description ?? `HTTP ${response.status}`);
    }
    return json;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
