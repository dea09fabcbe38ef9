// Uses the sandbox's kubeconfig as any JavaScript program would: list, create, read back and watch a ConfigMap, then
// list for any version with a limit.
// Prints one JSON line with what it saw; the calling test asserts on it.
import * as k8s from '@kubernetes/client-node';

const [kubeconfigPath, namespace] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(k8s.CoreV1Api);

const namespaces = (await core.listNamespace()).items.map(n => n.metadata.name);
await core.createNamespace({ body: { metadata: { name: namespace } } });

const seen = [];
const watch = new k8s.Watch(kc);
const watched = new Promise((resolve, reject) => {
  let request;
  const timer = setTimeout(() => reject(new Error('no watch event within 20 s')), 20000);
  watch.watch(`/api/v1/namespaces/${namespace}/configmaps`, {}, (type, obj) => {
    // Every namespace also gets the cluster's kube-root-ca.crt, as on a cluster.
    if (obj.metadata.name !== 'from-javascript') return;
    seen.push(`${type} ${obj.metadata.name}`);
    clearTimeout(timer);
    request.then(r => r.abort());
    resolve();
  }, err => { if (err && err.name !== 'AbortError') reject(err); }).then(r => { request = Promise.resolve(r); }, reject);
});

await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'from-javascript' }, data: { colour: 'blue' } } });
const read = await core.readNamespacedConfigMap({ namespace, name: 'from-javascript' });
await watched;

// resourceVersion=0 is answered from the watch cache, whole, whatever the limit (client-go's informers rely on it).
const all = (await core.listNamespacedConfigMap({ namespace })).items.length;
const anyVersion = await core.listNamespacedConfigMap({ namespace, limit: 1, resourceVersion: '0' });
const fromCache = { items: anyVersion.items.length, continue: anyVersion.metadata._continue ?? null };

console.log(JSON.stringify({ server: kc.getCurrentCluster().server, namespaces, colour: read.data.colour, seen, all, fromCache }));
