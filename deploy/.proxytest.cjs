const { Deployment } = require('kubernetes-models/apps/v1/Deployment'); const validate = (x) => { try { Deployment.prototype.validate.call(x); return true } catch (e) { validate.errors = e.errors || e.message; return false } };
function track(value, path, seen) {
  if (value === null || typeof value !== 'object') return value;
  const rec = { keys: new Set(), enumerated: false, value };
  seen.set(path, rec);
  return new Proxy(value, {
    get(t, k, r) { if (typeof k === 'string') rec.keys.add(k); const v = Reflect.get(t, k, r); return typeof k === 'string' ? track(v, path + '/' + k, seen) : v; },
    has(t, k) { if (typeof k === 'string') rec.keys.add(k); return Reflect.has(t, k); },
    ownKeys(t) { rec.enumerated = true; return Reflect.ownKeys(t); },
  });
}
const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', labels: { a: 'b' }, bogus: 1 }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'a', image: 'b', livenesProbe: {}, resources: { limits: { cpu: '1' } }, ports: [{ containerPort: 1, name: 'http' }] }] } } } };
const seen = new Map();
const ok = validate(track(d, '', seen));
console.log(ok, validate.errors);
for (const [p, rec] of seen) { if (Array.isArray(rec.value) || rec.enumerated) continue; const unknown = Object.keys(rec.value).filter(k => !rec.keys.has(k)); if (unknown.length) console.log('unknown', p, unknown); }
