import { TransportError } from '../errors.js';

/** The error a waiter gets when its own signal aborts: only that waiter stops, the shared exchange goes on. */
export function waiterAborted(signal: AbortSignal): TransportError {
  return new TransportError('ERR_ABORTED', "Waiting for an access token was aborted by the caller's signal.", {
    fix: 'Nothing to fix if the abort was intended. Other callers of the same client still get the token being minted.',
    cause: signal.reason,
  });
}

/** `promise`, or a rejection with {@link waiterAborted} as soon as `signal` aborts (the promise itself goes on). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(waiterAborted(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(waiterAborted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
