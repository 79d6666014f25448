-- wrk script for bench/api_throughput.py: POST a SESSION.json body to BENCH_PATH with a bearer token, both picked
-- per request. Env: BENCH_TOKENS (file, one token a line), BENCH_BODIES (file, one JSON body a line), BENCH_PATH,
-- BENCH_ACKED (file to write the session ids of the 2xx answers to, one a line, for the durability check).
-- Counts 2xx and other statuses itself and prints one "BENCH {json}" line at the end.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

function init(args)
  tokens = lines(os.getenv("BENCH_TOKENS"))
  bodies = lines(os.getenv("BENCH_BODIES"))
  path = os.getenv("BENCH_PATH")
  ok, other = 0, 0
  acked = {}
  statuses = {}
  math.randomseed(2000 + id)
end

function request()
  local token = tokens[math.random(#tokens)]
  local body = bodies[math.random(#bodies)]
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    local session_id = string.match(body, '"session_id":%s*(%d+)')
    if session_id then acked[#acked + 1] = session_id end
  else
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  local by_status = {}
  local out = io.open(os.getenv("BENCH_ACKED"), "w")
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
    for status, count in pairs(thread:get("statuses")) do by_status[status] = (by_status[status] or 0) + count end
    for _, session_id in ipairs(thread:get("acked")) do out:write(session_id, "\n") end
  end
  out:close()
  local e = summary.errors
  local parts = {}
  for status, count in pairs(by_status) do parts[#parts + 1] = string.format('"%d": %d', status, count) end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "ok": %d, "non2xx": %d, "connect": %d, "read": %d, "write": %d, '
      .. '"timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"statuses": {%s}}\n',
    summary.requests, summary.duration, total_ok, total_other, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ", ")))
end
