/**
 * Preloaded (`--require`) into the delivery process that `npm run bench:delivery` starts: on
 * SIGUSR2 it runs a full collection, so the bench reads the heap that is live rather than the
 * heap V8 has not collected yet (which grows with the allocation rate and says nothing of leaks).
 * Bench only: the service itself never collects on demand.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
process.on('SIGUSR2', () => collectGarbage());
