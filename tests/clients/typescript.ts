// Drives the TypeScript client generated from openapi/openapi.json (openapi-typescript types,
// openapi-fetch calls) against a running service; tests/api/clients.rs generates `schema.d.ts`
// next to a copy of this file, type-checks both with tsc and runs this with tsx. It prints one
// JSON line with what it saw; the Rust test checks it.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const base = process.env.C2C_BASE!;
const email = process.env.C2C_EMAIL!;
const password = process.env.C2C_PASSWORD!;

function fail(what: string): never {
  throw new Error(what);
}

const anonymous = createClient<paths>({ baseUrl: base });
const login = await anonymous.POST("/api/v1/auth/login", { body: { email, password } });
if (!login.data) fail(`log-in: ${login.response.status} ${JSON.stringify(login.error)}`);
const client = createClient<paths>({
  baseUrl: base,
  headers: { Authorization: `Bearer ${login.data.access_token}` },
});

// A paged list, following the cursor to the end.
async function membersPage(cursor: string | null) {
  const page = await client.GET("/api/v1/members", {
    params: { query: { limit: 5, ...(cursor ? { cursor } : {}) } },
  });
  return page.data ?? fail(`members: ${page.response.status}`);
}
const members: string[] = [];
let cursor: string | null = null;
let pages = 0;
do {
  const page = await membersPage(cursor);
  members.push(...page.items.map((m) => m.legal_name));
  // Always there (required and nullable): `null` on the last page.
  cursor = page.next_cursor;
  pages += 1;
} while (cursor !== null);

// A conditional GET: the ETag of the first answer makes the second a 304.
const clusters = await client.GET("/api/v1/clusters", {
  params: { query: { slug: "lombardia-aerospace-cluster" } },
});
const cluster = clusters.data?.items[0] ?? fail("no demo cluster");
const first = await client.GET("/api/v1/clusters/{id}", { params: { path: { id: cluster.id } } });
const etag = first.response.headers.get("etag") ?? fail("no ETag");
const again = await client.GET("/api/v1/clusters/{id}", {
  params: { path: { id: cluster.id }, header: { "If-None-Match": etag } },
});

// The catalogue in every format the contract offers: each export operation with how the
// client is asked to read it. Add an entry per new export operation.
type Export = { name: string; fetch: () => Promise<{ text: string; type: string | null }> };
const catalogue = { params: { path: { id: cluster.id } } } as const;
const exports: Export[] = [
  {
    name: "json",
    fetch: async () => {
      const r = await client.GET("/api/v1/clusters/{id}/catalogue", {
        params: { ...catalogue.params, query: { format: "json", limit: 500 } },
      });
      // The operation also serves CSV, vCard and xlsx, so its answer is typed as any of them.
      if (!r.data || typeof r.data === "string") fail(`json catalogue: ${r.response.status}`);
      return { text: JSON.stringify(r.data.items.map((e) => e.company.legal_name)), type: r.response.headers.get("content-type") };
    },
  },
  {
    name: "csv",
    fetch: async () => {
      const r = await client.GET("/api/v1/clusters/{id}/catalogue.csv", {
        params: catalogue.params,
        parseAs: "text",
      });
      if (typeof r.data !== "string") fail(`csv catalogue: ${r.response.status}`);
      return { text: r.data, type: r.response.headers.get("content-type") };
    },
  },
  {
    name: "vcf",
    fetch: async () => {
      const r = await client.GET("/api/v1/clusters/{id}/catalogue.vcf", {
        params: catalogue.params,
        parseAs: "text",
      });
      if (typeof r.data !== "string") fail(`vCard catalogue: ${r.response.status}`);
      return { text: r.data, type: r.response.headers.get("content-type") };
    },
  },
  {
    name: "xlsx",
    fetch: async () => {
      const r = await client.GET("/api/v1/clusters/{id}/catalogue.xlsx", {
        params: catalogue.params,
        parseAs: "arrayBuffer",
      });
      if (!(r.data instanceof ArrayBuffer)) fail(`xlsx catalogue: ${r.response.status}`);
      const start = Array.from(new Uint8Array(r.data).slice(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
      return { text: start, type: r.response.headers.get("content-type") };
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
    first_status: first.response.status,
    conditional_status: again.response.status,
    files,
  }),
);
