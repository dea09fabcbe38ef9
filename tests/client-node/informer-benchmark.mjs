// The official JavaScript client's informer, the peer of Airwave's in benchmarks/Airwave.Kubernetes.Benchmarks (which
// runs this script; see its InformerPeer for the other side). Fills its cache with a namespace's ConfigMaps from the
// kubeconfig's server and prints one JSON line once synced; counts update events, prints a line once the first
// <warmup> have arrived, and measures the CPU of the rest from the next one on (the caller pauses in between, so
// that the runtime's background compilation is done), printed on a last line. Run with --expose-gc, so memory is
// measured after full collections.
import * as k8s from '@kubernetes/client-node';

const [kubeconfigPath, namespace, eventsArg, warmupArg] = process.argv.slice(2);
const events = Number(eventsArg);
const warmup = Number(warmupArg);
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(k8s.CoreV1Api);

global.gc();
const heapBefore = process.memoryUsage().heapUsed;
const started = process.hrtime.bigint();
const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`, () => core.listNamespacedConfigMap({ namespace }));
let seen = 0;
let cpuAtWarm;
let done;
const finished = new Promise(resolve => { done = resolve; });
informer.on('update', () => {
  seen++;
  if (seen === warmup) console.log(JSON.stringify({ warm: true }));
  if (seen === warmup + 1) cpuAtWarm = process.cpuUsage();
  if (seen === events) done();
});
informer.on('error', err => { console.error(err); process.exit(1); });
await informer.start();
const syncMs = Number(process.hrtime.bigint() - started) / 1e6;
global.gc();
const memory = process.memoryUsage();
console.log(JSON.stringify({ syncMs, cached: informer.list(namespace).length, heapBytes: memory.heapUsed - heapBefore, rssBytes: memory.rss }));

await finished;
const cpu = process.cpuUsage(cpuAtWarm);
console.log(JSON.stringify({ cpuMicrosPerEvent: (cpu.user + cpu.system) / (events - warmup - 1) }));
process.exit(0);
