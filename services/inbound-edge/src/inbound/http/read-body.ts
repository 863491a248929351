import type { Request } from 'express';

/**
 * Reads the request body up to `limit` bytes. A declared Content-Length above the limit is
 * refused before anything is read; a body that grows beyond it while streaming is refused as
 * soon as it does: reading stops, and the connection is closed after the answer.
 */
export function readBody(req: Request, limit: number): Promise<Uint8Array | 'TOO_LARGE'> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge(req));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(tooLarge(req));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(req: Request): 'TOO_LARGE' {
  req.res?.setHeader('Connection', 'close');
  return 'TOO_LARGE';
}
