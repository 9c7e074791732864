import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { CONFIG_SCHEMA } from '../libs/config/src/config.schema';

const ROOT = path.join(__dirname, '..');
const KUBERNETES = path.join(ROOT, 'deploy/kubernetes');
const OVERLAY = path.join(KUBERNETES, 'overlays/example');

type Manifest = {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: Record<string, unknown>;
};
type Container = {
  name: string;
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: unknown;
  livenessProbe?: unknown;
};

function kubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The example overlay as the cluster would receive it: `kubectl kustomize` where kubectl is
 * installed (CI installs it); otherwise every manifest file of base and overlay as written, which
 * holds the same variable names (the overlay only merges and renames).
 */
function manifests(): Manifest[] {
  if (kubectl())
    return loadAll(
      execFileSync('kubectl', ['kustomize', OVERLAY], { encoding: 'utf8' }),
    ) as Manifest[];
  const files = ['base', 'overlays/example'].flatMap((dir) =>
    readdirSync(path.join(KUBERNETES, dir))
      .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
      .map((file) => path.join(KUBERNETES, dir, file)),
  );
  return files.flatMap((file) => loadAll(readFileSync(file, 'utf8')) as Manifest[]);
}

function containers(manifest: Manifest): Container[] {
  const template = (manifest.spec as { template?: { spec?: { containers?: Container[] } } })
    ?.template;
  return template?.spec?.containers ?? [];
}

/** Secret keys of the example: the Secret's data when rendered, else its env file. */
function secretKeys(rendered: Manifest[]): string[] {
  const secret = rendered.find((manifest) => manifest.kind === 'Secret');
  if (secret?.data) return Object.keys(secret.data);
  return readFileSync(path.join(OVERLAY, 'secrets.example.env'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => line.slice(0, line.indexOf('=')));
}

describe('deploy/kubernetes', () => {
  const rendered = manifests();
  const known = new Set(Object.keys(CONFIG_SCHEMA));

  it('sets only variables that libs/config knows', () => {
    const configMap = rendered.find(
      (manifest) =>
        manifest.kind === 'ConfigMap' && manifest.metadata.name.startsWith('parley-config'),
    );
    const names = [
      ...Object.keys(configMap?.data ?? {}),
      ...secretKeys(rendered),
      ...rendered
        .flatMap(containers)
        .flatMap((container) => (container.env ?? []).map((env) => env.name)),
    ];
    expect(names.length).toBeGreaterThan(15);
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });

  it('keeps every secret variable in the Secret, never in the ConfigMap or a pod spec', () => {
    const secrets = [
      'DATABASE_URL',
      'DATABASE_DIRECT_URL',
      'REDIS_URL',
      'JWT_SECRET',
      'JWT_PREVIOUS_SECRETS',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'SMTP_URL',
      'ADMIN_PASSWORD',
      'DATABASE_REPLICA_URLS',
      'SSO_SECRET',
      'SCORING_API_KEY',
      'CDN_PURGE_HEADERS',
    ];
    expect(secretKeys(rendered)).toEqual(expect.arrayContaining(secrets));
    const plain = [
      ...rendered.filter((m) => m.kind === 'ConfigMap').flatMap((m) => Object.keys(m.data ?? {})),
      ...rendered.flatMap(containers).flatMap((c) => (c.env ?? []).map((env) => env.name)),
    ];
    expect(plain.filter((name) => secrets.includes(name))).toEqual([]);
  });

  it('runs an api and a worker Deployment with health probes, and migrations as a Job', () => {
    const roles = Object.fromEntries(
      rendered
        .filter((manifest) => manifest.kind === 'Deployment')
        .flatMap((manifest) => containers(manifest))
        .map((container) => [
          container.env?.find((env) => env.name === 'PARLEY_ROLE')?.value,
          container,
        ]),
    ) as Record<string, Container>;
    expect(Object.keys(roles).sort()).toEqual(['api', 'worker']);
    for (const container of Object.values(roles)) {
      expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/api/v1/health/ready' } });
      expect(container.livenessProbe).toMatchObject({ httpGet: { path: '/api/v1/health/live' } });
    }
    const kinds = rendered.map((manifest) => manifest.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['Job', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']),
    );
    const configMap = rendered.find((manifest) => manifest.kind === 'ConfigMap');
    expect(configMap?.data?.MIGRATE_ON_START).toBe('false');
  });
});
