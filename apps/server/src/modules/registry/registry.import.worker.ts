import { parentPort, workerData } from 'node:worker_threads';
import { PiiCipher } from '../../core/crypto/sm.ts';
import { type FreshPerson, type ImportStamp, transformFresh, type TransformMode } from './registry.import.transform.ts';

/**
 * A worker thread of the import (started by registry.import.threads.ts through the .mjs entry beside
 * this file): encrypts and tokenises new persons and answers with their COPY text (or columns). The
 * keys come in workerData, in this process's memory only; they are never logged or sent back.
 */
export interface TransformRequest {
  seq: number;
  stamp: ImportStamp;
  mode: TransformMode;
  fresh: FreshPerson[];
}

const port = parentPort!;
const cipher = new PiiCipher((workerData as { masterKeys: string[] }).masterKeys);

port.on('message', (m: TransformRequest) => {
  try {
    const out = transformFresh(cipher, m.stamp, m.mode, m.fresh);
    if ('columns' in out) return port.postMessage({ seq: m.seq, out });
    // the bytes' memory is handed over, not copied: a batch's text is a megabyte or two
    const bytes = ownMemory(out.copy);
    port.postMessage({ seq: m.seq, out: { copy: bytes } }, [bytes.buffer as ArrayBuffer]);
  } catch (err) {
    // the message only: a stack could carry a value of the row (never a key, which no error holds)
    port.postMessage({ seq: m.seq, error: (err as Error).message });
  }
});
port.postMessage({ ready: true });

/** A Buffer that alone owns its ArrayBuffer (a small one is a slice of a shared pool, which cannot be transferred). */
function ownMemory(b: Buffer): Buffer {
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) return b;
  const own = Buffer.allocUnsafeSlow(b.byteLength);
  b.copy(own);
  return own;
}
