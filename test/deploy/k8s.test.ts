// k8s/ checked without a cluster: every manifest against the published Kubernetes schemas
// (kubernetes-models bundles them, compiled for Ajv), CloudNativePG's Cluster against its CRD's
// schema (vendored: k8s/schemas/cnpg-cluster-v1.json), then what an operator relies on: the
// pieces refer to each other correctly and keep the promises of k8s/README.md.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { configMapYaml } from '../../scripts/k8s-configmap.js';

const K8S = path.resolve(import.meta.dirname, '../../k8s');
type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: any;
  data?: any;
  stringData?: any;
};

const files = readdirSync(K8S).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
const manifests = new Map<string, Manifest>();
for (const file of files) {
  for (const doc of YAML.parseAllDocuments(readFileSync(path.join(K8S, file), 'utf8'))) {
    const manifest = doc.toJSON() as Manifest;
    manifests.set(`${file}: ${manifest.kind} ${manifest.metadata.name}`, manifest);
  }
}
const all = [...manifests.values()];
const one = (kind: string): Manifest => {
  const found = all.filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** Kubernetes' own kinds, by apiVersion/kind, as kubernetes-models' classes (whose validate() checks the schema). */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'networking.k8s.io/v1/Ingress': Ingress,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/**
 * A CRD's structural schema made strict, as `kubectl apply --validate=strict` treats it: an
 * object that lists its properties takes no others (unless it says it keeps unknown fields).
 */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strict(s)])) : strict(v),
    ]),
  );
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

const cnpgSchema = JSON.parse(readFileSync(path.join(K8S, 'schemas/cnpg-cluster-v1.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateCluster = ajv.compile(strict({ ...cnpgSchema, $comment: undefined }) as AnySchema);

function problemsOf(manifest: Manifest): string[] {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  if (key === 'postgresql.cnpg.io/v1/Cluster') {
    return validateCluster(manifest) ? [] : validateCluster.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
  const Model = MODELS[key];
  if (!Model) return [`${key}: no schema known here; add it to MODELS`];
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

test.each([...manifests.keys()])('%s is valid against its published schema', (key) => {
  expect(problemsOf(manifests.get(key)!)).toEqual([]);
});

test('the validators catch mistakes (a string for replicas, an unknown field of a Cluster)', () => {
  const deployment = structuredClone(one('Deployment'));
  deployment.spec.replicas = 'two';
  expect(problemsOf(deployment).join()).toMatch(/replicas must be integer/);
  const container = structuredClone(one('Deployment'));
  delete container.spec.template.spec.containers[0].name;
  expect(problemsOf(container).join()).toMatch(/must have required property '?name'?/);
  const cluster = structuredClone(one('Cluster'));
  cluster.spec.instaces = 3;
  expect(problemsOf(cluster).join()).toMatch(/additional properties.*instaces/);
});

test('kustomization.yaml lists every manifest but the Job and the Secret template (applied apart)', () => {
  const kustomization = YAML.parse(readFileSync(path.join(K8S, 'kustomization.yaml'), 'utf8'));
  expect([...kustomization.resources].sort()).toEqual(files.filter((f) => !['migrate-job.yaml', 'secret.template.yaml'].includes(f)).sort());
});

test('the Deployment: two replicas or more, probes, resources, non-root, read-only root with /tmp writable', () => {
  const deployment = one('Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
  expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  expect(container.readinessProbe.httpGet.path).toBe('/api/health');
  expect(container.startupProbe.httpGet.path).toBe('/api/health');
  expect(container.livenessProbe).toBeDefined();
  expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
  expect(container.resources.limits.memory).toBeDefined();
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  const tmp = container.volumeMounts.find((m: any) => m.mountPath === '/tmp');
  expect(pod.volumes.find((v: any) => v.name === tmp.name).emptyDir).toBeDefined();
  // The pod's grace covers the preStop pause and the app's own drain (shutdownTimeoutMs, 10 s).
  expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(container.lifecycle.preStop.sleep.seconds + 10);
});

test('secrets reach the app as files only, from the Secret template and CloudNativePG app secret', () => {
  const deployment = one('Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
  for (const name of Object.keys(env))
    expect(name).not.toMatch(/^(DATABASE_URL|SKYPORTAL_COOKIE_KEYS|SKYPORTAL_ADMIN_PASSWORD|SKYPORTAL_METRICS_TOKEN|OIDC_CLIENT_SECRET)$/);
  const secretMounts = new Map<string, string>(
    container.volumeMounts
      .map((m: any) => [m.mountPath, pod.volumes.find((v: any) => v.name === m.name).secret?.secretName])
      .filter(([, secret]: [string, string | undefined]) => secret),
  );
  const template = one('Secret');
  const cluster = one('Cluster');
  for (const [name, value] of Object.entries(env)) {
    if (!name.endsWith('_FILE')) continue;
    const file = value as string;
    const secretName = secretMounts.get(path.dirname(file));
    expect(secretName).toBeDefined();
    if (secretName === template.metadata.name) expect(Object.keys(template.stringData)).toContain(path.basename(file));
    // CloudNativePG names its app secret <cluster>-app, with the connection URI under `uri`.
    else expect([secretName, path.basename(file)]).toEqual([`${cluster.metadata.name}-app`, 'uri']);
  }
});

test('the ConfigMap is config/ as it is now, mounted where SKYPORTAL_CONFIG_DIR points', () => {
  expect(readFileSync(path.join(K8S, 'configmap.yaml'), 'utf8')).toBe(configMapYaml());
  const configMap = one('ConfigMap');
  expect(Object.keys(configMap.data)).toEqual(['default.yaml', 'production.yaml']);
  const container = one('Deployment').spec.template.spec.containers[0];
  const dir = container.env.find((e: any) => e.name === 'SKYPORTAL_CONFIG_DIR').value;
  const mount = container.volumeMounts.find((m: any) => m.mountPath === dir);
  const volume = one('Deployment').spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  expect(volume.configMap.name).toBe(configMap.metadata.name);
});

test('Service, Ingress, HPA and PDB point at the Deployment; the Ingress keeps WebSockets open and never routes metrics', () => {
  const deployment = one('Deployment');
  const labels = deployment.spec.template.metadata.labels;
  const service = one('Service');
  expect(labels).toMatchObject(service.spec.selector);
  expect(labels).toMatchObject(one('PodDisruptionBudget').spec.selector.matchLabels);
  const containerPorts = deployment.spec.template.spec.containers[0].ports.map((p: any) => p.name);
  for (const port of service.spec.ports) expect(containerPorts).toContain(port.targetPort);

  const ingress = one('Ingress');
  const backends = ingress.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service));
  expect(backends).toEqual([{ name: service.metadata.name, port: { name: 'http' } }]);
  expect(Number(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
  expect(Number(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
  expect(ingress.spec.tls[0].hosts).toEqual(ingress.spec.rules.map((r: any) => r.host));

  const hpa = one('HorizontalPodAutoscaler');
  expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
  expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
  expect(one('PodDisruptionBudget').spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
});

test('the migration Job runs `skyportal migrate` with the same image, config and database', () => {
  const job = one('Job').spec.template.spec;
  const web = one('Deployment').spec.template.spec;
  expect(job.containers[0].command).toEqual(['node', 'core/bin/skyportal.js', 'migrate']);
  expect(job.containers[0].image).toBe(web.containers[0].image);
  expect(job.restartPolicy).toBe('Never');
  const envOf = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
  expect(envOf(web.containers[0])).toMatchObject(envOf(job.containers[0]));
  expect(job.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
});

test('CloudNativePG: a primary and read replicas, bootstrapping the database the app uses', () => {
  const cluster = one('Cluster');
  expect(cluster.spec.instances).toBeGreaterThanOrEqual(3);
  expect(cluster.spec.bootstrap.initdb).toMatchObject({ database: 'skyportal', owner: 'skyportal' });
  // Enough connections for the HPA's most pods: a pool each, plus its bus listener.
  const pods = one('HorizontalPodAutoscaler').spec.maxReplicas;
  expect(Number(cluster.spec.postgresql.parameters.max_connections)).toBeGreaterThanOrEqual(pods * 11 + 10);
});
