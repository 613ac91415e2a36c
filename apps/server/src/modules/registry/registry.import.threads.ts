import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import {
  asBuffer,
  type FreshPerson,
  type ImportStamp,
  revived,
  type Transformed,
  transformFresh,
  type TransformMode,
} from './registry.import.transform.ts';
import type { TransformRequest } from './registry.import.worker.ts';

/**
 * Where an import's per-row transform runs: in worker threads beside the import's own (which
 * parses, checks and writes), or inline. The import's thread was the longer of its two paths (the
 * application's CPU against the database server's), so giving the transform to another core lets
 * the three run at once. A thread that fails (it could not start, or ran out of memory) is not an
 * error of the import: what it held, and everything after, is transformed inline instead.
 */
export class TransformThreads {
  private readonly threads: Thread[] = [];
  private seq = 0;
  /** batches transformed by a worker thread (the rest inline) */
  inThreads = 0;

  /** `count` threads (0: inline only). The cipher's keys go to each thread in its workerData, nowhere else. */
  constructor(
    private readonly cipher: PiiCipher,
    count: number,
  ) {
    for (let i = 0; i < count; i++) this.threads.push(this.start());
  }

  /** threads started (failed ones included) */
  get size(): number {
    return this.threads.length;
  }

  /** One thread beside the import's on a machine of two cores, two on four or more (the database needs one too). */
  static defaultCount(): number {
    return Math.max(0, Math.min(2, availableParallelism() - 1));
  }

  transform(stamp: ImportStamp, mode: TransformMode, fresh: FreshPerson[]): Promise<Transformed> {
    const live = this.threads.filter((t) => !t.failed);
    if (!live.length) return Promise.resolve(transformFresh(this.cipher, stamp, mode, fresh));
    const thread = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const request: TransformRequest = { seq: ++this.seq, stamp, mode, fresh };
    return new Promise((resolve, reject) => {
      thread.pending.set(request.seq, { request, resolve, reject });
      thread.worker.postMessage(request);
    });
  }

  /** Stops the threads; called when the import ends, whatever its outcome. */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    for (const t of threads) t.closing = true;
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private start(): Thread {
    const worker = new Worker(new URL('./registry.import.worker.mjs', import.meta.url), {
      workerData: { masterKeys: this.cipher.masterKeysForThread() },
      // its heap holds a batch or two at a time; the process's memory goal counts every thread
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    const thread: Thread = { worker, pending: new Map(), failed: false, closing: false };
    worker.on('message', (m: Reply) => {
      if ('ready' in m) return;
      const p = thread.pending.get(m.seq);
      if (!p) return;
      thread.pending.delete(m.seq);
      if ('error' in m) return p.reject(new Error(m.error));
      this.inThreads++;
      p.resolve('copy' in m.out ? { copy: asBuffer(m.out.copy) } : { columns: revived(m.out.columns) });
    });
    const fail = () => {
      if (thread.failed || thread.closing) return;
      thread.failed = true;
      // pure work: what the thread held is done again here, in order
      for (const p of thread.pending.values()) {
        try {
          p.resolve(transformFresh(this.cipher, p.request.stamp, p.request.mode, p.request.fresh));
        } catch (err) {
          p.reject(err as Error);
        }
      }
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return thread;
  }
}

interface Thread {
  worker: Worker;
  pending: Map<number, { request: TransformRequest; resolve: (t: Transformed) => void; reject: (err: Error) => void }>;
  failed: boolean;
  closing: boolean;
}

type Reply =
  | { ready: true }
  | { seq: number; error: string }
  | { seq: number; out: { copy: Uint8Array } | { columns: Parameters<typeof revived>[0] } };
