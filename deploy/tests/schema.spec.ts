import { schemaErrors } from './support/schema';

/** The validator itself: it must reject what the API server would reject or silently drop. */

const deployment = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'demo', labels: { 'app.kubernetes.io/name': 'demo' }, annotations: { note: 'any text' } },
  spec: {
    selector: { matchLabels: { 'app.kubernetes.io/name': 'demo' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'demo' } },
      spec: { containers: [{ name: 'demo', image: 'demo:1', ...container }] },
    },
    ...extra,
  },
});

describe('Kubernetes schema validation', () => {
  it('accepts a valid object, maps (labels, annotations, limits) included', () => {
    expect(schemaErrors(deployment({ resources: { limits: { cpu: '500m', memory: '1Gi' } }, ports: [{ name: 'http', containerPort: 8080 }] }))).toEqual([]);
  });

  it('rejects a wrong type with its path', () => {
    expect(schemaErrors(deployment({ ports: [{ containerPort: 'http' }] }))).toContainEqual(
      expect.stringContaining('/spec/template/spec/containers/0/ports/0/containerPort'),
    );
  });

  it('rejects a misspelt field the API server would drop', () => {
    expect(schemaErrors(deployment({ readinesProbe: { httpGet: { path: '/health/ready', port: 8080 } } }))).toEqual([
      '/spec/template/spec/containers/0/readinesProbe is not a field of the schema',
    ]);
  });

  it('rejects a missing required field', () => {
    const invalid = deployment({});
    delete (invalid.spec as Partial<typeof invalid.spec>).selector;
    expect(schemaErrors(invalid)).toContainEqual(expect.stringMatching(/^\/spec .*selector/));
  });

  it('rejects a value outside an enum and a malformed quantity', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'Loadbalancer', ports: [{ port: 80 }] } };
    expect(schemaErrors(service)).toContainEqual(expect.stringContaining('/spec/type'));
    expect(schemaErrors(deployment({ resources: { limits: { cpu: 'one core' } } }))).toContainEqual(
      expect.stringContaining('/resources/limits/cpu'),
    );
  });

  it('rejects unknown kinds, removed API versions and non-resources', () => {
    expect(schemaErrors({ ...deployment({}), kind: 'Deploymnet' })).toEqual([expect.stringContaining('no Kubernetes schema for apps/v1/Deploymnet')]);
    expect(schemaErrors({ ...deployment({}), apiVersion: 'extensions/v1beta2' })).toEqual([expect.stringContaining('no Kubernetes schema')]);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Container', metadata: { name: 'x' } })).toEqual([
      expect.stringContaining('not a top-level Kubernetes resource'),
    ]);
    expect(schemaErrors({ apiVersion: '../../x', kind: 'Deployment' })).toEqual([expect.stringContaining('malformed')]);
  });
});
