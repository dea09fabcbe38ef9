// The official JavaScript client's informer, the peer of Airwave's in benchmarks/Airwave.Kubernetes.Benchmarks (which
// runs this script; see its InformerPeer for the other side). Fills its cache with a namespace's ConfigMaps from the
// kubeconfig's server and prints one JSON line once synced; counts update events, prints a line once the first
// <warmup> have arrived, then measures the CPU of <windows> windows of <window> events each, from the next event on,
// printed on a last line with the time a second informer, made in the now warm process, takes to sync. Run with
// --expose-gc, so memory is measured after full collections.
import * as k8s from '@kubernetes/client-node';

const [kubeconfigPath, namespace, warmupArg, windowsArg, windowArg] = process.argv.slice(2);
const [warmup, windows, window] = [Number(warmupArg), Number(windowsArg), Number(windowArg)];
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(k8s.CoreV1Api);

global.gc();
const heapBefore = process.memoryUsage().heapUsed;
const started = process.hrtime.bigint();
const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`, () => core.listNamespacedConfigMap({ namespace }));
let seen = 0;
const marks = [];
let done;
const finished = new Promise(resolve => { done = resolve; });
informer.on('update', () => {
  seen++;
  if (seen === warmup) console.log(JSON.stringify({ warm: true }));
  if (seen > warmup && (seen - warmup - 1) % window === 0) {
    const cpu = process.cpuUsage();
    marks.push(cpu.user + cpu.system);
    if (marks.length === windows + 1) done();
  }
});
let stopping = false;
informer.on('error', err => {
  // Stopping the informer aborts its watch, which it reports as an error.
  if (stopping) return;
  console.error(err);
  process.exit(1);
});
await informer.start();
const syncMs = Number(process.hrtime.bigint() - started) / 1e6;
global.gc();
const memory = process.memoryUsage();
console.log(JSON.stringify({ syncMs, cached: informer.list(namespace).length, heapBytes: memory.heapUsed - heapBefore, rssBytes: memory.rss }));

await finished;
stopping = true;
await informer.stop();
const again = process.hrtime.bigint();
const second = k8s.makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`, () => core.listNamespacedConfigMap({ namespace }));
await second.start();
const warmSyncMs = Number(process.hrtime.bigint() - again) / 1e6;
console.log(JSON.stringify({ cpuMicrosPerEvent: marks.slice(1).map((mark, i) => (mark - marks[i]) / window), warmSyncMs }));
process.exit(0);
