import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

/**
 * Runs a request handler safely: cancellation is answered as such, any error is logged and the
 * default returned, so one bad document never takes the server down or leaves the client waiting.
 */
export async function runSafe<T>(logger: Logger, name: string, fallback: T, token: CancellationToken | undefined, fn: () => T | Promise<T>): Promise<T | ResponseError<void>> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = await fn();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (error) {
    if (error instanceof ResponseError) return error as ResponseError<void>;
    logger.error(`${name} failed: ${formatError(error)}`);
    return fallback;
  }
}

/** For notifications: log instead of throwing. */
export function runSafeVoid(logger: Logger, name: string, fn: () => void | Promise<void>): void {
  try {
    const result = fn();
    if (result instanceof Promise) result.catch((error) => logger.error(`${name} failed: ${formatError(error)}`));
  } catch (error) {
    logger.error(`${name} failed: ${formatError(error)}`);
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export function formatError(error: unknown): string {
  if (error instanceof Error) return `${error.message}\n${error.stack ?? ''}`;
  return String(error);
}
