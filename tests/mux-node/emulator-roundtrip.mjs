// Drives the sandbox's Mux emulator with Mux's official SDK, as an app would: uploads, assets and their input info
// (of a new asset, and of the ready asset whose id is the fourth argument), playback ids and signing keys. Prints one JSON line with what it saw; the calling test asserts on it.
import Mux from '@mux/mux-node';

const [baseURL, tokenId, tokenSecret, readyAssetId] = process.argv.slice(2);
const mux = new Mux({ baseURL, tokenId, tokenSecret, maxRetries: 0 });

const upload = await mux.video.uploads.create({
  cors_origin: 'https://app.example.com',
  timeout: 900,
  new_asset_settings: { playback_policy: ['signed'], video_quality: 'basic', passthrough: 'from-node' },
});
const readUpload = await mux.video.uploads.retrieve(upload.id);
const cancelled = await mux.video.uploads.cancel(upload.id);
const uploadPage = await mux.video.uploads.list({ limit: 10, page: 1 });
const listedUpload = uploadPage.data.find(u => u.id === upload.id);

const asset = await mux.video.assets.create({
  input: [{ url: 'https://example.com/talk.mp4' }],
  playback_policy: ['public'],
  passthrough: 'talk-1',
  meta: { title: 'A talk', external_id: 'talk-1' },
});
const fetchedInput = await mux.video.assets.retrieveInputInfo(asset.id);
const readyInput = await mux.video.assets.retrieveInputInfo(readyAssetId);
await mux.video.assets.delete(readyAssetId);
const added = await mux.video.assets.createPlaybackId(asset.id, { policy: 'signed' });
const playback = await mux.video.playbackIds.retrieve(added.id);
await mux.video.assets.deletePlaybackId(asset.id, added.id);
await mux.video.assets.update(asset.id, { meta: { title: 'A longer talk' } });
const readAsset = await mux.video.assets.retrieve(asset.id);
await mux.video.assets.delete(asset.id);
let afterDelete;
try {
  await mux.video.assets.retrieve(asset.id);
  afterDelete = 'still there';
} catch (e) {
  afterDelete = `${e.constructor.name} ${e.status}`;
}

let invalid;
try {
  await mux.video.assets.create({ input: [{ url: 'https://example.com/a.mp4' }], playback_policy: ['everyone'] });
  invalid = 'accepted';
} catch (e) {
  invalid = `${e.constructor.name} ${e.status}`;
}

// The SDK pages through a list by next_cursor on its own.
const listed = [];
const made = [];
for (const n of [1, 2, 3]) {
  made.push((await mux.video.assets.create({ input: [{ url: 'https://example.com/a.mp4' }], passthrough: `listed-${n}` })).id);
}
for await (const item of mux.video.assets.list({ limit: 2 })) {
  listed.push(item.passthrough);
}
for (const id of made) {
  await mux.video.assets.delete(id);
}

const key = await mux.system.signingKeys.create();
const readKey = await mux.system.signingKeys.retrieve(key.id);
await mux.system.signingKeys.delete(key.id);

let unauthorized;
try {
  await new Mux({ baseURL, tokenId, tokenSecret: 'wrong', maxRetries: 0 }).video.assets.retrieve('x');
  unauthorized = 'accepted';
} catch (e) {
  unauthorized = `${e.constructor.name} ${e.status}`;
}

console.log(JSON.stringify({
  upload: { status: upload.status, url: upload.url, timeout: upload.timeout, read: readUpload.id === upload.id, cancelled: cancelled.status, policy: readUpload.new_asset_settings.playback_policy, listedAs: listedUpload?.status },
  asset: { status: asset.status, policies: asset.playback_ids.map(p => p.policy), passthrough: readAsset.passthrough, title: readAsset.meta.title, externalId: readAsset.meta.external_id, playbackIds: readAsset.playback_ids.length },
  playback: { policy: playback.policy, object: playback.object },
  input: { fetched: fetchedInput, ready: readyInput },
  afterDelete,
  invalid,
  listed,
  key: { hasPrivateKey: Buffer.from(key.private_key, 'base64').toString().startsWith('-----BEGIN RSA PRIVATE KEY-----'), read: readKey.id === key.id, readHasPrivateKey: readKey.private_key !== undefined },
  unauthorized,
}));
