// A socket.io 4 server doing what the signaling benchmark measures of Airwave's service, for comparison: it holds idle
// connections and relays a message from one client to another by the other's socket id. WebSocket transport only, as
// the benchmark's clients use. Prints "listening <port>" once it accepts connections.
const { createServer } = require('http');
const { Server } = require('socket.io');

const http = createServer();
const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 64 * 1024 });
io.on('connection', (socket) => {
  socket.on('relay', (to, message) => io.to(to).emit('relay', message));
});
http.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log(`listening ${http.address().port}`));
