// The same pactgraph queries with three GraphQL clients: graphql-request,
// @urql/core and @apollo/client (its core, no React). Each runs a search
// with highlights and joined agreements, a node(id:) lookup, two pages
// joined by a cursor, and a search the API refuses; the answers must be the
// same whichever client asks.
//
//   npm ci && node example.mjs [URL]    (default http://localhost:8080)
//
// Exits 1 when a client fails or the clients disagree; examples_test.go runs
// it against a real server in CI.

import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache } from "@apollo/client";
import { Client as UrqlClient, fetchExchange } from "@urql/core";
import { ClientError, GraphQLClient } from "graphql-request";
import { parse } from "graphql";

const base = (process.argv[2] || process.env.PACTGRAPH_URL || "http://localhost:8080").replace(/\/+$/, "").replace(/\/graphql$/, "");
const endpoint = `${base}/graphql`;

// `type: __typename` keeps the type under a name no client adds or drops
// (Apollo adds __typename everywhere; the comparison below ignores it).
const SEARCH = `
  query Search($q: String!, $first: Int!, $after: String) {
    search(query: $q, first: $first, after: $after) {
      totalCount
      didYouMean
      pageInfo { hasNextPage endCursor }
      edges {
        score
        relevance
        highlights { field fragment }
        node {
          type: __typename
          ... on Agreement { id name signed organizations { id name } }
          ... on Passage { id heading agreements { id name signed } organizations { id name } countries { code } }
          ... on Organization { id name agreements { id name } }
          ... on Country { id name }
          ... on Trend { id name }
          ... on Topic { id name }
        }
      }
    }
  }`;

const NODE = `
  query Node($id: ID!) {
    node(id: $id) {
      type: __typename
      id
      ... on Agreement {
        name
        kind
        signed
        parties { country { code name } role joined left }
        mentions(first: 3) { totalCount edges { node { id heading } } }
      }
    }
  }`;

const REFUSED = `query Refused { search(query: "*nato*", mode: ADVANCED) { totalCount } }`;

// Each client behind one interface: run(query, variables) gives the data or
// throws an Error carrying the first error's extensions.code as `code`.
function apiError(errors, client) {
  const first = errors?.[0] ?? {};
  const err = new Error(`${client}: ${first.message ?? "no data"}`);
  err.code = first.extensions?.code ?? "UNKNOWN";
  return err;
}

const clients = {
  "graphql-request": (() => {
    const client = new GraphQLClient(endpoint);
    return async (query, variables) => {
      try {
        return await client.request(query, variables);
      } catch (err) {
        if (err instanceof ClientError) throw apiError(err.response.errors, "graphql-request");
        throw err;
      }
    };
  })(),
  "@urql/core": (() => {
    const client = new UrqlClient({ url: endpoint, exchanges: [fetchExchange], requestPolicy: "network-only" });
    return async (query, variables) => {
      const result = await client.query(query, variables).toPromise();
      if (result.error) {
        if (result.error.graphQLErrors?.length) throw apiError(result.error.graphQLErrors, "@urql/core");
        throw result.error;
      }
      return result.data;
    };
  })(),
  "@apollo/client": (() => {
    const client = new ApolloClient({ link: new HttpLink({ uri: endpoint }), cache: new InMemoryCache() });
    return async (query, variables) => {
      try {
        const result = await client.query({ query: parse(query), variables, fetchPolicy: "no-cache" });
        return result.data;
      } catch (err) {
        if (CombinedGraphQLErrors.is(err)) throw apiError(err.errors, "@apollo/client");
        throw err;
      }
    };
  })(),
};

// canonical drops __typename and sorts keys, so that answers compare as
// JSON text.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => k !== "__typename")
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  }
  return value;
}

const plain = (fragment) =>
  fragment
    .replace(/<mark>/g, "[")
    .replace(/<\/mark>/g, "]")
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

// The scenario each client runs.
async function scenario(run) {
  const search = await run(SEARCH, { q: "Iran nuclear deal", first: 3 });
  const node = await run(NODE, { id: "agreement:jcpoa" });
  const page1 = await run(SEARCH, { q: "security", first: 3 });
  const page2 = await run(SEARCH, { q: "security", first: 3, after: page1.search.pageInfo.endCursor });
  const both = await run(SEARCH, { q: "security", first: 6 });
  const ids = (r) => r.search.edges.map((e) => e.node.id);
  const joined = [...ids(page1), ...ids(page2)];
  if (JSON.stringify(joined) !== JSON.stringify(ids(both))) {
    throw new Error(`the cursor's page does not follow the first: ${joined} against ${ids(both)}`);
  }
  let refused = null;
  try {
    await run(REFUSED, {});
  } catch (err) {
    refused = err.code;
  }
  return { search, node, pages: { first: ids(page1), second: ids(page2) }, refused };
}

let failed = false;
const answers = {};
for (const [name, run] of Object.entries(clients)) {
  try {
    answers[name] = canonical(await scenario(run));
  } catch (err) {
    console.error(`${name}: ${err.stack || err}`);
    failed = true;
  }
}
if (failed) process.exit(1);

const [reference, ...others] = Object.keys(answers);
const want = JSON.stringify(answers[reference]);
for (const name of others) {
  if (JSON.stringify(answers[name]) !== want) {
    console.error(`${name} and ${reference} disagree:\n${JSON.stringify(answers[name], null, 1)}\n${JSON.stringify(answers[reference], null, 1)}`);
    failed = true;
  }
}

const a = answers[reference];
console.log(`Search "Iran nuclear deal": ${a.search.search.totalCount} hits`);
a.search.search.edges.forEach((e, i) => {
  const n = e.node;
  console.log(`${i + 1}. ${n.id} (${n.type}, relevance ${e.relevance.toFixed(2)}) ${n.name ?? n.heading}`);
  for (const h of e.highlights.slice(0, 2)) console.log(`     ${h.field}: ${plain(h.fragment)}`);
  const links = [...(n.agreements ?? []), ...(n.organizations ?? [])].map((x) => x.name);
  if (links.length) console.log(`     links: ${links.join("; ")}`);
});
const jcpoa = a.node.node;
console.log(`node(id: "agreement:jcpoa"): ${jcpoa.name} (${jcpoa.kind}, signed ${jcpoa.signed}), parties ${jcpoa.parties.map((p) => p.country.code).join(" ")}, ${jcpoa.mentions.totalCount} passages mention it`);
console.log(`Cursor pages of "security": ${a.pages.first.join(", ")} | then ${a.pages.second.join(", ")}`);
console.log(`A refused search: ${a.refused}`);
if (failed) process.exit(1);
console.log(`The clients agree: ${Object.keys(answers).join(", ")}`);
