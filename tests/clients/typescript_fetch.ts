// Drives the client that openapi-generator's typescript-fetch generator makes from
// openapi/openapi.json (classes per tag under `apis/`, models under `models/`, `runtime.ts`)
// against a running service; tests/api/clients.rs generates it next to a copy of this file,
// type-checks both with tsc and runs this with tsx. It prints one JSON line with what it saw;
// the Rust test checks it.
import {
  AuthApi,
  CataloguesApi,
  ClustersApi,
  Configuration,
  MembersApi,
  ResponseError,
} from "./index.js";

const basePath = process.env.C2C_BASE!;
const email = process.env.C2C_EMAIL!;
const password = process.env.C2C_PASSWORD!;

function fail(what: string): never {
  throw new Error(what);
}

// The generated methods answer the parsed 2xx body (the `…Raw` ones the Response as well) and
// throw a ResponseError for any other status.
const tokens = await new AuthApi(new Configuration({ basePath })).login({
  loginRequest: { email, password },
});
const config = new Configuration({ basePath, accessToken: tokens.accessToken });
const members_ = new MembersApi(config);
const clusters_ = new ClustersApi(config);
const catalogues = new CataloguesApi(config);

// A paged list, following the cursor to the end.
const members: string[] = [];
let cursor: string | null = null;
let pages = 0;
do {
  const page = await members_.listMembers({ limit: 5, ...(cursor ? { cursor } : {}) });
  members.push(...page.items.map((m) => m.legalName));
  // Always there (required and nullable): `null` on the last page.
  cursor = page.nextCursor;
  pages += 1;
} while (cursor !== null);

// A conditional GET: the ETag of the first answer makes the second a 304, which this client
// reports as a ResponseError (it is not a 2xx).
const found = await clusters_.listClusters({ slug: "lombardia-aerospace-cluster" });
const cluster = found.items[0] ?? fail("no demo cluster");
const first = await clusters_.getClusterRaw({ id: cluster.id });
const etag = first.raw.headers.get("etag") ?? fail("no ETag");
let conditional: number;
try {
  conditional = (await clusters_.getClusterRaw({ id: cluster.id, ifNoneMatch: etag })).raw.status;
} catch (e) {
  if (!(e instanceof ResponseError)) throw e;
  conditional = e.response.status;
}

// The catalogue in every format the contract offers: each export operation with how the
// client is asked to read it. Add an entry per new export operation.
type Export = { name: string; fetch: () => Promise<{ text: string; type: string | null }> };
const id = cluster.id;
const exports: Export[] = [
  {
    name: "json",
    fetch: async () => {
      const r = await catalogues.getClusterCatalogueRaw({ id, format: "json", limit: 500 });
      const page = await r.value();
      return {
        text: JSON.stringify(page.items.map((e) => e.company.legalName)),
        type: r.raw.headers.get("content-type"),
      };
    },
  },
  {
    name: "csv",
    fetch: async () => {
      const r = await catalogues.getClusterCatalogueCsvRaw({ id });
      const text = await r.value();
      if (typeof text !== "string") fail("csv catalogue: not text");
      return { text, type: r.raw.headers.get("content-type") };
    },
  },
  {
    name: "vcf",
    fetch: async () => {
      const r = await catalogues.getClusterCatalogueVcfRaw({ id });
      const text = await r.value();
      if (typeof text !== "string") fail("vCard catalogue: not text");
      return { text, type: r.raw.headers.get("content-type") };
    },
  },
  {
    name: "xlsx",
    fetch: async () => {
      const r = await catalogues.getClusterCatalogueXlsxRaw({ id });
      const file = await r.value();
      if (!(file instanceof Blob)) fail("xlsx catalogue: not a Blob");
      const bytes = new Uint8Array(await file.arrayBuffer()).slice(0, 4);
      const start = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      return { text: start, type: r.raw.headers.get("content-type") };
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
    first_status: first.raw.status,
    conditional_status: conditional,
    files,
  }),
);
