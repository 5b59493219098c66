import { describe, expect, it } from 'vitest';
import { CliError, describeError, EXIT, exitCodeForStatus, serverError } from './cli-error';

describe('exit codes', () => {
  it.each([
    [401, EXIT.refused],
    [403, EXIT.refused],
    [404, EXIT.notFound],
    [400, EXIT.error],
    [409, EXIT.error],
    [422, EXIT.error],
    [429, EXIT.error],
    [500, EXIT.error],
    [503, EXIT.error],
  ])('HTTP %d exits %d', (status, code) => {
    expect(exitCodeForStatus(status)).toBe(code);
  });

  it('keeps the documented numbers', () => {
    expect(EXIT).toEqual({ ok: 0, error: 1, usage: 2, notFound: 3, refused: 4 });
  });
});

describe("the server's errors on stderr", () => {
  it('print the code, the message and the correlation id', () => {
    const error = serverError(404, {
      statusCode: 404,
      code: 'DEVICE_NOT_FOUND',
      message: 'Device d1 not found in namespace fleet',
      correlationId: 'c0ffee',
    });
    expect(error.exitCode).toBe(EXIT.notFound);
    expect(describeError(error)).toEqual([
      'error: DEVICE_NOT_FOUND: Device d1 not found in namespace fleet',
      'correlationId: c0ffee',
    ]);
  });

  it("list apply's refusals one per object", () => {
    const error = serverError(422, {
      code: 'INVALID_REFERENCE',
      message: 'refused',
      errors: [
        {
          index: 0,
          kind: 'EdgeWorkload',
          name: 'camera',
          code: 'INVALID_REFERENCE',
          message: 'secret "x" does not exist',
        },
      ],
    });
    expect(describeError(error)).toEqual([
      'error: INVALID_REFERENCE: refused',
      '  EdgeWorkload/camera: INVALID_REFERENCE: secret "x" does not exist',
    ]);
  });

  it('say how to log in again on a 401, and cope with a body that is not JSON', () => {
    expect(serverError(401, { code: 'UNAUTHENTICATED', message: 'Unknown token' }).message).toContain(
      'edgectl login',
    );
    const opaque = serverError(502, 'Bad Gateway');
    expect(opaque).toBeInstanceOf(CliError);
    expect(opaque.message).toBe('HTTP 502: the server refused the request');
  });
});
