// A webhook receiver as an app writes one with Mux's official SDK: every POST is checked with mux.webhooks.unwrap.
// Listens on 127.0.0.1:PORT, prints "listening", then one JSON line per request: the event's type, object and id, or
// why unwrap refused it (answered 400).
import http from 'node:http';
import Mux from '@mux/mux-node';

const [port, secret] = process.argv.slice(2);
const mux = new Mux({ tokenId: 'unused', tokenSecret: 'unused' });

http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', chunk => { body += chunk; });
  request.on('end', async () => {
    try {
      const event = await mux.webhooks.unwrap(body, request.headers, secret);
      console.log(JSON.stringify({ type: event.type, object: event.object, id: event.id, status: event.data.status, passthrough: event.data.passthrough ?? event.data.new_asset_settings?.passthrough }));
      response.writeHead(200).end();
    } catch (e) {
      console.log(JSON.stringify({ rejected: e.message }));
      response.writeHead(400).end();
    }
  });
}).listen(Number(port), '127.0.0.1', () => console.log('listening'));
