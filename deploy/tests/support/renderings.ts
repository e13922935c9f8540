import { join } from 'node:path';
import { BASE_DIR, OVERLAYS, overlayDir, readYamlFile } from './files';
import { asKObject, secretData, type KObject } from './k8s';
import { kustomize } from './kustomize';

export const SECRET_TEMPLATE = join(BASE_DIR, 'platform', 'secret.template.yaml');

export interface Rendering {
  name: 'base' | (typeof OVERLAYS)[number];
  objects: KObject[];
  /**
   * Secret values the pods will see: the rendered Secrets, or else the template's placeholders
   * (base and prod render no Secret; it is created from a secret store with the template's keys).
   */
  secrets: Map<string, Record<string, string>>;
  /** Why kustomize could not render it (then `objects` is empty). */
  error?: Error;
}

export function secretTemplate(): KObject {
  const [doc, ...rest] = readYamlFile(SECRET_TEMPLATE);
  if (rest.length > 0) throw new Error('the Secret template holds one object');
  return asKObject(doc, 'secret.template.yaml');
}

/** A rendering that fails keeps its error for a test to report, so the other renderings are still checked. */
function render(name: Rendering['name'], dir: string): Rendering {
  let objects: KObject[] = [];
  let error: Error | undefined;
  try {
    objects = kustomize(dir);
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  }
  const rendered = secretData(objects);
  return { name, objects, error, secrets: rendered.size > 0 ? rendered : secretData([secretTemplate()]) };
}

let cache: Rendering[] | undefined;

/** The base and every overlay, rendered once per test file. */
export function renderings(): Rendering[] {
  cache ??= [render('base', BASE_DIR), ...OVERLAYS.map((o) => render(o, overlayDir(o)))];
  return cache;
}

export const rendering = (name: Rendering['name']): Rendering => {
  const found = renderings().find((r) => r.name === name);
  if (!found) throw new Error(`no rendering ${name}`);
  return found;
};
