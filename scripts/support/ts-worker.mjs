// A worker thread running a TypeScript module (workerData.module, a file URL) through tsx: the benchmarks
// run their clients (bridges, board sockets) on a thread of their own, as they would be other machines,
// so the station's event loop is not also decoding every client's messages.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
