/**
 * Whether a process with this pid exists, for the lock files' stale detection. Signal 0 checks without signalling;
 * EPERM means the process exists but belongs to another user. Not a valid pid (0, negative, NaN): false.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
