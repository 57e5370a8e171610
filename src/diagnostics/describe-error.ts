import { isCodedError } from './coded-error.js';

/**
 * An error that is not the user's, as one line: each message of its cause
 * chain (five deep at most), each with its code, without a stack trace.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      // A user's key or trust/ problem is named by its diagnostic code, anything else by its area's code.
      const code = isCodedError(current)
        ? current.diagnostic
        : (current as { code?: unknown }).code;
      parts.push(`${typeof code === 'string' ? `[${code}] ` : ''}${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(': caused by: ');
}
