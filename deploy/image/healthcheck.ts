// The image's HEALTHCHECK: GET /healthz on the port Herald listens on, over
// HTTPS when a certificate is configured (self-signed ones included: this
// only asks whether the process answers, from inside the container).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const tls = process.env.HERALD_TLS_CERT_FILE !== undefined || process.env.HERALD_HEALTHCHECK_TLS === 'true';
const port = Number(process.env.HERALD_PORT ?? (tls ? 8443 : 8080));
const request = tls ? httpsRequest : httpRequest;
const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 4000, rejectUnauthorized: false }, (res) => {
  res.resume();
  process.exitCode = res.statusCode === 200 ? 0 : 1;
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', (err) => { process.stderr.write(`healthcheck: ${err.message}\n`); process.exitCode = 1; });
req.end();
