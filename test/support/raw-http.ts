import { request } from 'node:http';

export interface RawResponse {
  status: number;
  contentType: string | undefined;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
}

/**
 * One HTTP/1.1 request with the path sent exactly as given: `fetch` resolves `..` and `%2e%2e` segments and
 * refuses some bytes before they could reach the server, which is what hostile-input tests need to send.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(options.body === undefined ? {} : { 'content-length': Buffer.byteLength(options.body) }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text, body });
        });
      },
    );
    // The server may answer (413, 431) and close before it read everything: the answer counts, not the write.
    req.on('error', (error: NodeJS.ErrnoException) => {
      const answerMayFollow = error.code === 'EPIPE' || error.code === 'ECONNRESET';
      setTimeout(() => reject(error), answerMayFollow ? 2000 : 0);
    });
    req.end(options.body);
  });
}
