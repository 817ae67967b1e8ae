import { Worker } from 'node:worker_threads';

/** Starts `module` (a .ts file URL) in a worker thread with `data` as its workerData.input. */
export function startTsWorker(module: URL, data: unknown): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { module: module.href, input: data },
  });
}

/** The worker's one message: resolves with it, rejects when the worker fails or exits without one. */
export function resultOf<T>(worker: Worker): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (m: T) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code}) without a result`)));
  });
}
