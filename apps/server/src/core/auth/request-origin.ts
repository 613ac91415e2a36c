import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The TCP peer of the HTTP request being handled. The audit log records it beside the client address
 * (which a trusted proxy may report for the client), so an entry shows where a request truly came
 * from. Carried in async context so every audit entry gets it without each caller passing it.
 */
const origin = new AsyncLocalStorage<{ socketIp: string | null }>();

export const runWithSocketIp = <T>(socketIp: string | null, fn: () => T): T => origin.run({ socketIp }, fn);

/** The socket address of the current request; null outside a request (worker, command line). */
export const currentSocketIp = (): string | null => origin.getStore()?.socketIp ?? null;
