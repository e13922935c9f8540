// The ceiling of an HTTP JSON service on this machine: parse the body, answer it back.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/echo', async (req) => ({ echo: req.body }));
void app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  const address = app.server.address();
  process.send?.(typeof address === 'object' && address ? address.port : 0);
});
