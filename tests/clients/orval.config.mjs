// orval's configuration for the fetch client that tests/api/clients.rs generates from the
// contract (C2C_CONTRACT) into C2C_ORVAL_OUTPUT and drives with tests/clients/orval.ts.
export default {
  c2c: {
    input: { target: process.env.C2C_CONTRACT },
    output: {
      target: process.env.C2C_ORVAL_OUTPUT,
      client: "fetch",
      mode: "single",
      // The header parameters of the contract (If-None-Match) become arguments.
      headers: true,
      // The service's address is read when a request is made, not fixed at generation.
      baseUrl: { runtime: "process.env.C2C_BASE" },
    },
  },
};
