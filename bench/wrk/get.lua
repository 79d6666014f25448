-- wrk script for bench/api_throughput.py: GET BENCH_PATH?date=D with a bearer token, both picked per request.
-- Env: BENCH_TOKENS (file, one token a line), BENCH_DATES (file, one YYYY-MM-DD a line), BENCH_PATH.
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
  dates = lines(os.getenv("BENCH_DATES"))
  path = os.getenv("BENCH_PATH")
  ok, other = 0, 0
  math.randomseed(1000 + id)
end

function request()
  local token = tokens[math.random(#tokens)]
  local day = dates[math.random(#dates)]
  return wrk.format("GET", path .. "?date=" .. day, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "ok": %d, "non2xx": %d, "connect": %d, "read": %d, "write": %d, '
      .. '"timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, total_ok, total_other, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
