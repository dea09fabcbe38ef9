// Signs playback tokens with Mux's official SDK (mux.jwt.signPlaybackId), as an app does for a signed playback id.
// Prints one JSON line: a video token, a thumbnail token carrying its width and time, and a video token that
// expires in 5 seconds.
import Mux from '@mux/mux-node';

const [playbackId, keyId, keySecret] = process.argv.slice(2);
const mux = new Mux({ tokenId: 'unused', tokenSecret: 'unused' });

const video = await mux.jwt.signPlaybackId(playbackId, { keyId, keySecret, type: 'video', expiration: '1h' });
const thumbnail = await mux.jwt.signPlaybackId(playbackId, { keyId, keySecret, type: 'thumbnail', expiration: '1h', params: { width: '100', time: '1' } });
const shortLived = await mux.jwt.signPlaybackId(playbackId, { keyId, keySecret, type: 'video', expiration: '5s' });

console.log(JSON.stringify({ video, thumbnail, shortLived }));
