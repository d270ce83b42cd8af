// Drives the fetch client that orval generates from openapi/openapi.json (one module, `c2c.ts`,
// configured by tests/clients/orval.config.mjs) against a running service;
// tests/api/clients.rs generates it next to a copy of this file, type-checks both with tsc and
// runs this with tsx. It prints one JSON line with what it saw; the Rust test checks it.
import {
  getCluster,
  getClusterCatalogue,
  getClusterCatalogueCsv,
  getClusterCatalogueVcf,
  getClusterCatalogueXlsx,
  listClusters,
  listMembers,
  login,
} from "./c2c.js";

const email = process.env.C2C_EMAIL!;
const password = process.env.C2C_PASSWORD!;

function fail(what: string): never {
  throw new Error(what);
}

// orval's fetch functions answer `{data, status, headers}` for every status the contract
// declares, without throwing; the status narrows `data`.
const tokens = await login({ email, password });
if (tokens.status !== 200) fail(`log-in: ${tokens.status} ${JSON.stringify(tokens.data)}`);
// No client object: each call takes its RequestInit last, after the operation's header
// parameters (If-None-Match).
const auth = { headers: { Authorization: `Bearer ${tokens.data.access_token}` } };

// A paged list, following the cursor to the end.
const members: string[] = [];
let cursor: string | null = null;
let pages = 0;
do {
  const page = await listMembers({ limit: 5, ...(cursor ? { cursor } : {}) }, undefined, auth);
  if (page.status !== 200) fail(`members: ${page.status}`);
  members.push(...page.data.items.map((m) => m.legal_name));
  // Always there (required and nullable): `null` on the last page.
  cursor = page.data.next_cursor;
  pages += 1;
} while (cursor !== null);

// A conditional GET: the ETag of the first answer makes the second a 304.
const clusters = await listClusters({ slug: "lombardia-aerospace-cluster" }, undefined, auth);
if (clusters.status !== 200) fail(`clusters: ${clusters.status}`);
const cluster = clusters.data.items[0] ?? fail("no demo cluster");
const first = await getCluster(cluster.id, undefined, auth);
const etag = first.headers.get("etag") ?? fail("no ETag");
// The contract's If-None-Match header parameter (generated with `headers: true`).
const again = await getCluster(cluster.id, { "If-None-Match": etag }, auth);

// The catalogue in every format the contract offers: each export operation with how the
// client is asked to read it. Add an entry per new export operation.
type Export = { name: string; fetch: () => Promise<{ text: string; type: string | null }> };
const exports: Export[] = [
  {
    name: "json",
    fetch: async () => {
      const r = await getClusterCatalogue(cluster.id, { format: "json", limit: 500 }, undefined, auth);
      if (r.status !== 200) fail(`json catalogue: ${r.status}`);
      // The operation also serves CSV and vCard (text, never a binary: the workbook has its own
      // operation), so orval reads the answer as text and parses it by its Content-Type.
      const page = r.data as unknown;
      if (page instanceof Blob) fail("json catalogue: read as a Blob");
      if (typeof page !== "object" || page === null || !("items" in page) || !Array.isArray(page.items)) {
        fail("json catalogue: no items");
      }
      const names = (page.items as { company: { legal_name: string } }[]).map((e) => e.company.legal_name);
      return { text: JSON.stringify(names), type: r.headers.get("content-type") };
    },
  },
  {
    name: "csv",
    fetch: async () => {
      const r = await getClusterCatalogueCsv(cluster.id, undefined, undefined, auth);
      if (r.status !== 200 || typeof r.data !== "string") fail(`csv catalogue: ${r.status}`);
      return { text: r.data, type: r.headers.get("content-type") };
    },
  },
  {
    name: "vcf",
    fetch: async () => {
      const r = await getClusterCatalogueVcf(cluster.id, undefined, undefined, auth);
      if (r.status !== 200 || typeof r.data !== "string") fail(`vCard catalogue: ${r.status}`);
      return { text: r.data, type: r.headers.get("content-type") };
    },
  },
  {
    name: "xlsx",
    fetch: async () => {
      const r = await getClusterCatalogueXlsx(cluster.id, undefined, undefined, auth);
      if (r.status !== 200 || !(r.data instanceof Blob)) fail(`xlsx catalogue: ${r.status}`);
      const bytes = new Uint8Array(await r.data.arrayBuffer()).slice(0, 4);
      const start = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      return { text: start, type: r.headers.get("content-type") };
    },
  },
];
const files: Record<string, { text: string; type: string | null }> = {};
for (const e of exports) files[e.name] = await e.fetch();

console.log(
  JSON.stringify({
    members,
    pages,
    etag,
    first_status: first.status,
    conditional_status: again.status,
    files,
  }),
);
