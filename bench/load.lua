-- wrk script for bench/load.sh: one search per request, cycling through a
-- file of distinct texts (one a line) so that no two requests in a row ask
-- the same thing. Each thread starts at its own share of the list.
--
-- Environment: LOAD_KIND (graphql or plain), LOAD_TEXTS (the file),
-- LOAD_OFFSET (where the run starts in the list), LOAD_THREADS (wrk -t).
-- An answer that is not 200, or that carries an error or no total, is
-- counted as bad; done() prints "bad answers: N" for the script to check.

local kind = os.getenv("LOAD_KIND")
local gql = 'query($q: String!) { search(query: $q, first: 10) { totalCount edges { score highlights { field fragment } node { ... on Node { id } } } } }'

local function esc(s)
  return (s:gsub('\\', '\\\\'):gsub('"', '\\"'))
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local texts = {}
  for line in io.lines(os.getenv("LOAD_TEXTS")) do
    if kind == "graphql" then
      texts[#texts + 1] = '{"query":"' .. gql .. '","variables":{"q":"' .. esc(line) .. '"}}'
    else
      texts[#texts + 1] = '{"query":"' .. esc(line) .. '","first":10}'
    end
  end
  bodies = texts
  local share = math.floor(#bodies / tonumber(os.getenv("LOAD_THREADS") or "1"))
  next_text = tonumber(os.getenv("LOAD_OFFSET") or "0") + id * share
  bad = 0
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  local body = bodies[(next_text % #bodies) + 1]
  next_text = next_text + 1
  return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, body)
  if status ~= 200 or body:find('"errors"', 1, true) or body:find('"error"', 1, true)
      or not body:find('"totalCount"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do
    n = n + t:get("bad")
  end
  io.write(string.format("bad answers: %d\n", n))
end
