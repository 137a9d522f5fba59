// Validates every Kubernetes manifest of a kustomization against its API schema (kubernetes-models'
// validate()), then the few cross-object facts that a schema cannot see and a cluster would only
// show at run time. Exits 1 on the first file with problems reported, after reporting them all.
//   node .ci/validate-k8s.mjs [deploy/k8s]
// The schemas, like the API's OpenAPI, accept unknown fields: a misspelt field name is caught
// only where a check below looks for the field (`kubectl apply --dry-run=server` catches all).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const dir = process.argv[2] ?? "deploy/k8s";
const problems = [];
const report = (where, message) => problems.push(`${where}: ${message}`);

const kustomization = readYaml(join(dir, "kustomization.yaml"))[0];
const listed = kustomization.resources ?? [];
const present = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml");
for (const f of present.filter((f) => !listed.includes(f))) report(f, "not listed in kustomization.yaml resources");
for (const f of listed.filter((f) => !present.includes(f))) report("kustomization.yaml", `lists ${f}, which does not exist`);

const objects = [];
for (const file of listed.filter((f) => present.includes(f))) {
  for (const [i, doc] of readYaml(join(dir, file)).entries()) {
    const where = `${file}#${i + 1} ${doc?.kind ?? "?"}/${doc?.metadata?.name ?? "?"}`;
    if (await validate(where, doc)) objects.push({ where, doc });
  }
}
checkWorkload(objects);

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`validate-k8s: ${problems.length} problem(s) in ${dir}`);
  process.exit(1);
}
console.log(`validate-k8s: ${objects.length} objects in ${listed.length} files valid (${dir})`);

function readYaml(path) {
  const docs = parseAllDocuments(readFileSync(path, "utf8"));
  for (const d of docs) for (const e of d.errors) report(path, e.message);
  return docs.map((d) => d.toJS()).filter((d) => d != null);
}

/** apps/v1 + Deployment -> kubernetes-models/apps/v1/Deployment; v1 + Service -> kubernetes-models/v1/Service. */
async function validate(where, doc) {
  if (typeof doc?.apiVersion !== "string" || typeof doc?.kind !== "string") {
    report(where, "apiVersion and kind are required");
    return false;
  }
  if (/alpha|beta/.test(doc.apiVersion)) {
    report(where, `${doc.apiVersion} is not a GA API: pre-GA versions are removed from clusters (use the GA one)`);
    return false;
  }
  let Model;
  try {
    Model = (await import(`kubernetes-models/${doc.apiVersion}/${doc.kind}`))[doc.kind];
  } catch {
    report(where, `no schema for ${doc.apiVersion} ${doc.kind} (misspelt, or removed from the API)`);
    return false;
  }
  try {
    new Model(doc).validate();
    return true;
  } catch (e) {
    report(where, e.message);
    return false;
  }
}

/** What the rollout story depends on, across objects. */
function checkWorkload(all) {
  const find = (kind) => all.filter((o) => o.doc.kind === kind);
  const config = Object.assign({}, ...find("ConfigMap").map((o) => o.doc.data ?? {}));
  for (const { where, doc } of find("Deployment")) {
    const pod = doc.spec.template;
    const labels = pod.metadata?.labels ?? {};
    const container = pod.spec.containers[0];
    const drainMs = Number(config.ORDERS_SHUTDOWN_DELAY_MS ?? 0) + Number(config.ORDERS_SHUTDOWN_GRACE_MS ?? 10000);
    const graceS = pod.spec.terminationGracePeriodSeconds ?? 30;
    if (graceS * 1000 <= drainMs) {
      report(where, `terminationGracePeriodSeconds ${graceS}s must exceed ORDERS_SHUTDOWN_DELAY_MS + ORDERS_SHUTDOWN_GRACE_MS (${drainMs} ms)`);
    }
    expectProbe(where, container, "startupProbe", "");
    expectProbe(where, container, "livenessProbe", "");
    expectProbe(where, container, "readinessProbe", "readiness");
    if (container.securityContext?.readOnlyRootFilesystem !== true) report(where, "readOnlyRootFilesystem must be true");
    if (!(container.volumeMounts ?? []).some((m) => m.mountPath === "/tmp")) report(where, "needs a writable /tmp (emptyDir)");
    for (const other of [...find("Service"), ...find("PodDisruptionBudget")]) {
      const selector = other.doc.spec.selector?.matchLabels ?? other.doc.spec.selector ?? {};
      if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) report(other.where, `selector matches no pod of ${where}`);
    }
    for (const hpa of find("HorizontalPodAutoscaler")) {
      const target = hpa.doc.spec.scaleTargetRef;
      if (target.kind !== "Deployment" || target.name !== doc.metadata.name) report(hpa.where, `scales ${target.kind}/${target.name}, not ${where}`);
    }
  }
}

function expectProbe(where, container, name, service) {
  const grpc = container[name]?.grpc;
  if (!grpc || (grpc.service ?? "") !== service) report(where, `${name} must be a gRPC probe of service "${service}"`);
}
